/** The order-type table is the one list of types: what the node derives from it must hang together. */
import { ORDER_FIELDS, QUANTITY } from '../../nodes/SmmPanel/domain/orderFields';
import { fieldsOfType, isRatePerPackage, ORDER_TYPES, orderTypeOfService, orderTypeSpec, typesWithField } from '../../nodes/SmmPanel/domain/orderTypes';

describe('the order-type table', () => {
	it('has the reference\'s 17 types, each found again from its panel type name', () => {
		expect(ORDER_TYPES).toHaveLength(17);
		for (const type of ORDER_TYPES) expect(orderTypeOfService(orderTypeSpec(type).panelType)).toBe(type);
	});

	it('gives each type the quantity field exactly when its quantity is a number, and a list it counts lines of', () => {
		for (const type of ORDER_TYPES) {
			const { quantity, fields } = orderTypeSpec(type);
			expect([type, fields.includes(QUANTITY)]).toEqual([type, quantity.from === 'quantity']);
			if (quantity.from === 'lines') expect([type, fields.includes(quantity.field), quantity.field.kind]).toEqual([type, true, 'list']);
		}
	});

	it('uses every declared field, and never two fields with one form name in one type', () => {
		for (const field of ORDER_FIELDS) expect([field.form, typesWithField(field).length > 0]).toEqual([field.form, true]);
		for (const type of ORDER_TYPES) {
			const forms = fieldsOfType(type).map((field) => field.form);
			expect([type, new Set(forms).size]).toEqual([type, forms.length]);
		}
	});

	it('sends a type\'s fields in the declared order', () => {
		expect(fieldsOfType('commentReplies').map((field) => field.form)).toEqual(['link', 'comments', 'username']);
		expect(fieldsOfType('subscriptions').map((field) => field.form)).toEqual(['username', 'min', 'max', 'delay']);
	});

	it('prices the two package types per package, every other type (and a type it does not know) per 1000', () => {
		expect(ORDER_TYPES.filter((type) => isRatePerPackage(orderTypeSpec(type).panelType))).toEqual(['package', 'customCommentsPackage']);
		expect(isRatePerPackage('custom_comments_package')).toBe(true);
		expect(isRatePerPackage('Story Reactions')).toBe(false);
	});
});
