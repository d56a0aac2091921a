import { IdListError, parseIdList } from '../../nodes/SmmPanel/domain/ids';

describe('parseIdList (the one ID-list parser)', () => {
	it.each([
		[42, [42]],
		['42', [42]],
		[' 1, 2 ,3 ', [1, 2, 3]],
		['1 2\n3\r\n4;5\t6', [1, 2, 3, 4, 5, 6]],
		['+7', [7]],
		[[1, '2', [3, ['4 5']]], [1, 2, 3, 4, 5]],
		['3,3, 1 ,3', [3, 1]],
	])('reads %j', (value, expected) => {
		expect(parseIdList(value, 'order ID')).toEqual(expected);
	});

	it.each([
		['abc', '"abc" is not a valid order ID: IDs are positive whole numbers'],
		['0', '"0" is not a valid order ID: IDs are positive whole numbers'],
		['-3', '"-3" is not a valid order ID: IDs are positive whole numbers'],
		['1.5', '"1.5" is not a valid order ID: IDs are positive whole numbers'],
		[1.5, '1.5 is not a valid order ID: IDs are positive whole numbers'],
		[Number.MAX_SAFE_INTEGER + 2, `${Number.MAX_SAFE_INTEGER + 2} is not a valid order ID: IDs are positive whole numbers`],
		[{ id: 1 }, '{"id":1} is not a valid order ID: IDs are positive whole numbers'],
		[true, 'true is not a valid order ID: IDs are positive whole numbers'],
		['', 'No order ID given (the value is "")'],
		[' , \n', 'No order ID given (the value is " , \n")'],
		[[], 'No order ID given (the value is [])'],
		[null, 'No order ID given (the value is "")'],
		[undefined, 'No order ID given (the value is "")'],
	])('refuses %j, naming the value', (value, message) => {
		expect(() => parseIdList(value, 'order ID')).toThrow(new IdListError(message));
	});

	it('may allow an empty list', () => {
		expect(parseIdList('', 'order ID', { allowEmpty: true })).toEqual([]);
	});
});
