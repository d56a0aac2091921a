/**
 * Jest setup: every test runs the node in this one process, over the harness's in-memory store,
 * where no other process can write between a claim and its check. The duplicate guard's timed claim
 * (its path when another node keeps records in the workflow's shared row), whose pause outlasts
 * other processes' writes in a real n8n (a second by default), is therefore given 50 ms; the tests
 * of several processes (test/persistence/) set their own.
 */
import { verifyPause } from '../../nodes/SmmPanel/persistence/guardRecords';

verifyPause.minMs = 50;
