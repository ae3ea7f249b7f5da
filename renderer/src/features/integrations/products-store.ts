// The Products panel's state: the catalogue, the currencies and the authored assessments, read through
// the core; adding, changing, retiring and restoring go to the database, which checks the admin's
// second factor and every field again.
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import type { ArgsInputOf } from '../../../../src/contract/operation-map';
import type {
  Product,
  ProductCurrency,
  SellableAssessment,
} from '../../../../src/contract/operations/products';
import { core } from '../../app/client';
import { toast } from '../../app/toasts';

interface ProductsStore {
  readonly products: readonly Product[] | null;
  readonly currencies: readonly ProductCurrency[];
  readonly assessments: readonly SellableAssessment[];
  readonly error: ApiError | null;
  /** The product being retired or restored: its button waits. */
  readonly switching: string | null;
  load(): Promise<void>;
  /** Adds or changes a product; answers the refusal (with its field) for the form, or null. */
  save(args: ArgsInputOf<'products:save'>): Promise<ApiError | null>;
  setActive(product: Product, active: boolean): Promise<void>;
}

export const useProducts = create<ProductsStore>()((set, get) => ({
  products: null,
  currencies: [],
  assessments: [],
  error: null,
  switching: null,

  load: async () => {
    const answer = await core().products.list();
    set(answer.success ? { ...answer.data, error: null } : { error: answer.error });
  },

  save: async (args) => {
    const answer = await core().products.save(args);
    if (!answer.success) return answer.error;
    toast({
      tone: 'success',
      title: 'id' in args ? 'Product changed' : 'On sale',
      body: answer.data.name,
    });
    await get().load();
    return null;
  },

  setActive: async (product, active) => {
    set({ switching: product.id });
    const answer = active
      ? await core().products.restore({ id: product.id })
      : await core().products.retire({ id: product.id });
    set({ switching: null });
    if (answer.success) {
      toast({ tone: 'success', title: active ? 'On sale again' : 'Retired', body: product.name });
    } else {
      toast({
        tone: 'error',
        title: active ? 'Not restored' : 'Not retired',
        body: answer.error.message,
      });
    }
    await get().load();
  },
}));
