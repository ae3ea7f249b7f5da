// products:*: the admin's catalogue on the Integrations screen, through RLS with the session's token.
// Admins read every product (products_select); writes go through product_create, product_update and
// product_set_active, whose refusals (FORBIDDEN, AAL2_REQUIRED, PRODUCT_INVALID with the field,
// CURRENCY_NOT_SUPPORTED, PRODUCT_DUPLICATE, PRODUCT_NOT_FOUND) serverFailure keeps with their details.
import { z } from 'zod';
import {
  productCurrencySchema,
  productSchema,
  sellableAssessmentSchema,
  type Product,
} from '../../contract/operations/products.js';
import type { ArgsOf } from '../../contract/operation-map.js';
import { isFailure, type Failure } from '../../domain/failure.js';
import { onlineRead } from './online-call.js';
import { serverRowSchema } from './server-row.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

const PRODUCT_COLUMNS =
  'id, kind, name, assessment_id, seats, unit_amount, currency, is_active, created_at, updated_at, assessment:assessments(title)';

/** A product with its assessment's title flattened from the embed. */
const productRowSchema = z.preprocess(
  (row) => {
    if (typeof row !== 'object' || row === null) return row;
    const { assessment, ...rest } = row as Record<string, unknown>;
    const title =
      typeof assessment === 'object' && assessment !== null
        ? ((assessment as Record<string, unknown>).title ?? null)
        : null;
    return { ...rest, assessment_title: title };
  },
  serverRowSchema(productSchema, { instants: ['created_at', 'updated_at'] }),
);
/** What the writers answer: the products row itself; only its id is used. */
const writtenSchema = z.object({ id: z.string() });

type ProductsOperation = 'products:list' | 'products:save' | 'products:retire' | 'products:restore';

export function productsHandlers(context: ServiceContext): FeatureHandlers<ProductsOperation> {
  const client = context.workstation.session.client;

  const productById = (id: string) =>
    onlineRead(context, productRowSchema, 'read the product', 'the product', (signal) =>
      client.from('products').select(PRODUCT_COLUMNS).eq('id', id).abortSignal(signal).single(),
    );

  /** One writer's call, then the product as the list shows it. */
  const write = async (
    doing: string,
    request: (signal: AbortSignal) => ReturnType<typeof client.rpc>,
  ): Promise<Product | Failure> => {
    const written = await onlineRead(context, writtenSchema, doing, 'the product', request);
    return isFailure(written) ? written : productById(written.id);
  };

  const save = (args: ArgsOf<'products:save'>) => {
    if ('id' in args) {
      return write('change the product', (signal) =>
        client
          .rpc('product_update', {
            p_id: args.id,
            p_name: args.name,
            p_unit_amount: args.unit_amount,
            p_currency: args.currency,
          })
          .abortSignal(signal),
      );
    }
    return write('add the product', (signal) =>
      client
        .rpc('product_create', {
          p_kind: args.kind,
          p_name: args.name,
          p_unit_amount: args.unit_amount,
          p_currency: args.currency,
          p_assessment_id: args.kind === 'assessment' ? args.assessment_id : null,
          p_seats: args.kind === 'seats' ? args.seats : null,
        })
        .abortSignal(signal),
    );
  };

  const setActive = (id: string, active: boolean) =>
    write(active ? 'restore the product' : 'retire the product', (signal) =>
      client.rpc('product_set_active', { p_id: id, p_active: active }).abortSignal(signal),
    );

  return {
    // Three independent reads, asked together.
    'products:list': async () => {
      const [products, currencies, assessments] = await Promise.all([
        onlineRead(
          context,
          z.array(productRowSchema),
          'read the products',
          'the products',
          (signal) =>
            client
              .from('products')
              .select(PRODUCT_COLUMNS)
              .order('is_active', { ascending: false })
              .order('name')
              .abortSignal(signal),
        ),
        onlineRead(
          context,
          z.array(productCurrencySchema),
          'read the currencies',
          'the currencies',
          (signal) => client.rpc('product_currencies').abortSignal(signal),
        ),
        onlineRead(
          context,
          z.array(sellableAssessmentSchema),
          'read the assessments',
          'the assessments',
          (signal) =>
            client
              .from('assessments')
              .select('id, title, is_active')
              .order('title')
              .abortSignal(signal),
        ),
      ]);
      if (isFailure(products)) return products;
      if (isFailure(currencies)) return currencies;
      if (isFailure(assessments)) return assessments;
      return { products, currencies, assessments };
    },
    'products:save': save,
    'products:retire': ({ id }) => setActive(id, false),
    'products:restore': ({ id }) => setActive(id, true),
  };
}
