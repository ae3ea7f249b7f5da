// Products (admins): what TalentG sells through Stripe Checkout, active and retired. An admin at aal2
// adds a paid assessment or a pack of seats, changes a name or price, retires and restores; the
// database checks each field again and names the one it refuses. A new price reaches only checkouts
// started after it: a Checkout Session carries its own price.
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../src/contract/api-response';
import type { Product, ProductCurrency } from '../../../../src/contract/operations/products';
import { Dialog } from '../../ui/Dialog';
import { moneyText, offlineOr } from './integrations-words';
import { useIntegrations } from './integrations-store';
import { amountInput, parseAmount, productWhat } from './product-words';
import { useProducts } from './products-store';

const PRICE_NOTE =
  'A new price applies to checkouts started after you save it; a checkout already open keeps the price it opened with.';
const NEEDS_AAL2 = 'Needs a second factor (People)';

const FIELDS = ['kind', 'assessment_id', 'seats', 'name', 'price', 'currency'] as const;
type Field = (typeof FIELDS)[number];

/** The form field a refusal is about: the server names its own (unit_amount is the price). */
function fieldOf(error: ApiError): Field | null {
  const details = error.details as { field?: unknown } | undefined;
  const field = details?.field === 'unit_amount' ? 'price' : details?.field;
  return FIELDS.find((each) => each === field) ?? null;
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  if (message === null) return null;
  return (
    <span id={id} className="ig-field-error" role="alert">
      {message}
    </span>
  );
}

interface Refusal {
  readonly field: Field | null;
  readonly message: string;
}

/** Name, price and currency: what both adding and changing ask. */
function PriceFields(props: {
  name: string;
  setName: (name: string) => void;
  price: string;
  setPrice: (price: string) => void;
  currency: string;
  setCurrency: (code: string) => void;
  currencies: readonly ProductCurrency[];
  refusal: Refusal | null;
}) {
  const { refusal, currencies } = props;
  const decimals = currencies.find((c) => c.code === props.currency)?.decimals ?? 2;
  const wrong = (field: Field) => (refusal?.field === field ? refusal.message : null);
  return (
    <>
      <label className="dialog-field">
        <span>Name</span>
        <input
          className="input"
          required
          maxLength={200}
          value={props.name}
          aria-invalid={wrong('name') !== null}
          aria-describedby={wrong('name') === null ? undefined : 'ig-product-name-error'}
          onChange={(event) => props.setName(event.target.value)}
        />
        <FieldError id="ig-product-name-error" message={wrong('name')} />
      </label>
      <div className="ig-price-row">
        <label className="dialog-field ig-price">
          <span>Price</span>
          <input
            className="input ig-num"
            required
            inputMode="decimal"
            placeholder={decimals === 0 ? '5000' : `499.${'0'.repeat(decimals)}`}
            value={props.price}
            aria-invalid={wrong('price') !== null}
            aria-describedby={wrong('price') === null ? undefined : 'ig-product-price-error'}
            onChange={(event) => props.setPrice(event.target.value)}
          />
        </label>
        <label className="dialog-field">
          <span>Currency</span>
          <select
            className="input"
            value={props.currency}
            aria-invalid={wrong('currency') !== null}
            onChange={(event) => props.setCurrency(event.target.value)}
          >
            {currencies.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FieldError id="ig-product-price-error" message={wrong('price') ?? wrong('currency')} />
    </>
  );
}

/** Adding (product null) or changing a product; mounted each time the dialog opens. */
function ProductForm({ product, onClose }: { product: Product | null; onClose: () => void }) {
  const currencies = useProducts((state) => state.currencies);
  const assessments = useProducts((state) => state.assessments);
  const products = useProducts((state) => state.products);
  const [kind, setKind] = useState<'assessment' | 'seats'>(product?.kind ?? 'assessment');
  const sold = new Set((products ?? []).map((p) => p.assessment_id));
  const [assessmentId, setAssessmentId] = useState(
    () => assessments.find((a) => a.is_active && !sold.has(a.id))?.id ?? '',
  );
  const [seats, setSeats] = useState('10');
  const titleOf = (id: string) => assessments.find((a) => a.id === id)?.title ?? '';
  // Adding an assessment starts named after it, and follows the pick until the admin types a name.
  const [name, setName] = useState(product?.name ?? titleOf(assessmentId));
  const [currency, setCurrency] = useState(product?.currency ?? currencies[0]?.code ?? 'inr');
  const decimalsOf = (code: string) => currencies.find((c) => c.code === code)?.decimals ?? 2;
  const [price, setPrice] = useState(
    product === null ? '' : amountInput(product.unit_amount, decimalsOf(product.currency)),
  );
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const wrong = (field: Field) => (refusal?.field === field ? refusal.message : null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const chosen = currencies.find((c) => c.code === currency);
    const parsed = chosen === undefined ? null : parseAmount(price, chosen);
    if (parsed !== null && !parsed.ok) {
      setRefusal({ field: 'price', message: parsed.message });
      return;
    }
    const unit_amount = parsed?.amount ?? Number.NaN;
    const common = { name, unit_amount, currency };
    setBusy(true);
    const refused = await useProducts
      .getState()
      .save(
        product !== null
          ? { id: product.id, ...common }
          : kind === 'assessment'
            ? { kind, assessment_id: assessmentId, ...common }
            : { kind, seats: Number(seats), ...common },
      );
    setBusy(false);
    if (refused === null) onClose();
    else setRefusal({ field: fieldOf(refused), message: refused.message });
  };

  const title = product === null ? 'Add a product' : `Change ${product.name}`;
  return (
    <form className="dialog-form" onSubmit={(event) => void submit(event)}>
      <h2 className="dialog-title">{title}</h2>
      <p className="dialog-lede">{PRICE_NOTE}</p>
      {product === null ? (
        <>
          <label className="dialog-field">
            <span>Sells</span>
            <select
              className="input"
              value={kind}
              onChange={(event) => setKind(event.target.value as 'assessment' | 'seats')}
            >
              <option value="assessment">A paid assessment</option>
              <option value="seats">A pack of seats</option>
            </select>
          </label>
          {kind === 'assessment' ? (
            <label className="dialog-field">
              <span>Assessment</span>
              <select
                className="input"
                required
                value={assessmentId}
                aria-invalid={wrong('assessment_id') !== null}
                onChange={(event) => {
                  if (name.trim() === '' || name === titleOf(assessmentId)) {
                    setName(titleOf(event.target.value));
                  }
                  setAssessmentId(event.target.value);
                }}
              >
                <option value="" disabled>
                  Pick an authored assessment
                </option>
                {assessments.map((a) => (
                  <option key={a.id} value={a.id} disabled={sold.has(a.id)}>
                    {a.title}
                    {sold.has(a.id) ? ' (has a product)' : a.is_active ? '' : ' (inactive)'}
                  </option>
                ))}
              </select>
              <FieldError id="ig-product-assessment-error" message={wrong('assessment_id')} />
            </label>
          ) : (
            <label className="dialog-field">
              <span>Seats</span>
              <input
                className="input ig-num"
                type="number"
                required
                min={1}
                max={10_000}
                value={seats}
                aria-invalid={wrong('seats') !== null}
                onChange={(event) => setSeats(event.target.value)}
              />
              <FieldError id="ig-product-seats-error" message={wrong('seats')} />
            </label>
          )}
        </>
      ) : (
        <p className="ig-sub">{productWhat(product)}</p>
      )}
      <PriceFields
        name={name}
        setName={setName}
        price={price}
        setPrice={setPrice}
        currency={currency}
        setCurrency={setCurrency}
        currencies={currencies}
        refusal={refusal}
      />
      {refusal !== null && refusal.field === null && (
        <p className="ig-refusal" role="alert">
          {refusal.message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {product === null ? 'Put on sale' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function ProductRow(props: { product: Product; canWrite: boolean; onChange: () => void }) {
  const { product, canWrite } = props;
  const busy = useProducts((state) => state.switching === product.id);
  return (
    <tr
      className="ig-row"
      data-product-id={product.id}
      data-active={product.is_active ? 'true' : 'false'}
    >
      <td>
        <div className="ig-main">{product.name}</div>
        <div className="ig-sub ig-ellipsis">{productWhat(product)}</div>
      </td>
      <td className="ig-num">{moneyText(product.unit_amount, product.currency)}</td>
      <td>
        <span className="state-dot ig-dot" data-tone={product.is_active ? 'ok' : 'muted'}>
          {product.is_active ? 'On sale' : 'Retired'}
        </span>
      </td>
      <td className="ig-actions ig-product-actions">
        <button
          type="button"
          className="button button-small"
          disabled={!canWrite}
          title={canWrite ? undefined : NEEDS_AAL2}
          aria-label={`Change the price of ${product.name}`}
          onClick={props.onChange}
        >
          Change
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={!canWrite || busy}
          title={canWrite ? undefined : NEEDS_AAL2}
          aria-label={`${product.is_active ? 'Retire' : 'Restore'} ${product.name}`}
          onClick={() => void useProducts.getState().setActive(product, !product.is_active)}
        >
          {product.is_active ? 'Retire' : 'Restore'}
        </button>
      </td>
    </tr>
  );
}

export function ProductsPanel() {
  const products = useProducts((state) => state.products);
  const error = useProducts((state) => state.error);
  const canWrite = useIntegrations((state) => state.mfa?.level === 'aal2');
  // undefined: closed; null: adding; a product: changing it.
  const [editing, setEditing] = useState<Product | null | undefined>(undefined);
  const close = () => setEditing(undefined);
  const onSale = (products ?? []).filter((p) => p.is_active).length;
  return (
    <section className="panel ig-panel ig-products" aria-labelledby="ig-products-title">
      <header className="panel-header">
        <h3 id="ig-products-title" className="panel-title">
          Products
        </h3>
        <span className="ig-sub">
          {products === null ? 'Stripe Checkout' : `${onSale} on sale`}
        </span>
        <button
          type="button"
          className="button button-small ig-add"
          disabled={!canWrite || products === null}
          title={canWrite ? undefined : NEEDS_AAL2}
          onClick={() => setEditing(null)}
        >
          Add product
        </button>
      </header>
      {error !== null ? (
        <p className="ig-empty" role="alert">
          {offlineOr(error, 'Products')}
        </p>
      ) : products === null ? null : products.length === 0 ? (
        <p className="ig-empty">
          Nothing is for sale yet. Add a paid assessment or a pack of seats for the team.
        </p>
      ) : (
        <table className="screen-table ig-table ig-product-table" aria-label="Products">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="ig-num">
                Price
              </th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {products.map((product) => (
              <ProductRow
                key={product.id}
                product={product}
                canWrite={canWrite}
                onChange={() => setEditing(product)}
              />
            ))}
          </tbody>
        </table>
      )}
      <Dialog
        open={editing !== undefined}
        onClose={close}
        label={editing ? `Change ${editing.name}` : 'Add a product'}
        className="ig-dialog"
      >
        <ProductForm product={editing ?? null} onClose={close} />
      </Dialog>
    </section>
  );
}
