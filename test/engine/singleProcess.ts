/**
 * Jest setup: every test runs the node in this one process, over the harness's in-memory store,
 * where no other process can write between a claim and its check. The duplicate guard's pause,
 * which outlasts other processes' writes in a real n8n (a second by default), is therefore set to
 * the 50 ms it had before queue-mode workers showed that too short; the tests of two processes
 * (test/persistence/duplicateGuard.test.ts) set their own.
 */
import { verifyPause } from '../../nodes/SmmPanel/persistence/duplicateGuard';

verifyPause.minMs = 50;
