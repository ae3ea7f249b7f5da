// products:*: what TalentG sells through Stripe, kept by admins on the Integrations screen (issue 15).
// Online only. The database decides: product_create, product_update and product_set_active want an
// active admin at aal2 (AAL2_REQUIRED otherwise), refuse bad input with PRODUCT_INVALID naming the
// field, CURRENCY_NOT_SUPPORTED, PRODUCT_DUPLICATE or PRODUCT_NOT_FOUND, and audit every change.
// A new price reaches only checkouts started after it: an open Checkout Session keeps its own price.
import { z } from 'zod';
import { idSchema, instantSchema, noArgsSchema } from '../wire-types';
import type { OperationGroup } from './spec';

export const PRODUCT_KINDS = ['assessment', 'seats'] as const;

/** A currency a product may be priced in, as the database lists them (product_currencies()). */
export const productCurrencySchema = z.object({
  /** Stripe's lower-case ISO code: inr, usd, jpy. */
  code: z.string(),
  /** How many decimals the currency's unit has (paise: 2, yen: 0); unit_amount counts the smallest. */
  decimals: z.number().int().min(0).max(3),
  /** Stripe's smallest charge, in the smallest unit. */
  min_amount: z.number().int().positive(),
});
export type ProductCurrency = z.infer<typeof productCurrencySchema>;

export const productSchema = z.object({
  id: idSchema,
  kind: z.enum(PRODUCT_KINDS),
  name: z.string(),
  /** kind 'assessment': the assessment a purchase unlocks, and its title. */
  assessment_id: idSchema.nullable(),
  assessment_title: z.string().nullable(),
  /** kind 'seats': how many seats one purchase adds. */
  seats: z.number().int().positive().nullable(),
  /** In the currency's smallest unit (paise, cents), as Stripe counts it. */
  unit_amount: z.number().int().positive(),
  currency: z.string(),
  /** False once retired: no new sales; a retired assessment product keeps the assessment paid. */
  is_active: z.boolean(),
  created_at: instantSchema,
  updated_at: instantSchema,
});
export type Product = z.infer<typeof productSchema>;

/** An authored assessment an admin may sell. */
export const sellableAssessmentSchema = z.object({
  id: idSchema,
  title: z.string(),
  is_active: z.boolean(),
});
export type SellableAssessment = z.infer<typeof sellableAssessmentSchema>;

// Shapes only: lengths, ranges and currencies are the database's to judge, so each refusal has its code.
const nameSchema = z.string().max(1000);
const amountSchema = z.number().int();
const currencySchema = z.string().trim().toLowerCase().max(10);

const productChangeSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  unit_amount: amountSchema,
  currency: currencySchema,
});
const assessmentProductSchema = z.strictObject({
  kind: z.literal('assessment'),
  assessment_id: idSchema,
  name: nameSchema,
  unit_amount: amountSchema,
  currency: currencySchema,
});
const seatsProductSchema = z.strictObject({
  kind: z.literal('seats'),
  seats: z.number().int(),
  name: nameSchema,
  unit_amount: amountSchema,
  currency: currencySchema,
});

export const productsOperations = {
  /** Every product (active and retired), the currencies, and the authored assessments to sell. */
  'products:list': {
    args: noArgsSchema,
    result: z.object({
      products: z.array(productSchema),
      currencies: z.array(productCurrencySchema),
      assessments: z.array(sellableAssessmentSchema),
    }),
  },
  /** With an id: a product's new name and price. Without: a new product, on sale at once. */
  'products:save': {
    args: z.union([productChangeSchema, assessmentProductSchema, seatsProductSchema]),
    result: productSchema,
  },
  /** Stops new sales; checkouts already open still complete. */
  'products:retire': { args: z.strictObject({ id: idSchema }), result: productSchema },
  /** Puts a retired product on sale again. */
  'products:restore': { args: z.strictObject({ id: idSchema }), result: productSchema },
} as const satisfies OperationGroup;
