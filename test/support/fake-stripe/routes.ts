import { invalidRequest, StripeFault } from './errors.js';
import { cardJson, customerJson, invoiceJson, list, priceJson } from './json.js';
import type { Route } from './route.js';
import { expansions } from './route.js';
import { newId } from './store.js';
import { subscriptionRoutes } from './subscription-routes.js';

const customerRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/v1\/customers$/,
    handle({ store, params }) {
      params.only('email', 'name', 'metadata', 'description');
      const customer = {
        id: newId('cus'),
        email: params.str('email') ?? null,
        name: params.str('name') ?? null,
        metadata: params.metadata() ?? {},
        defaultPaymentMethod: null,
      };
      store.customers.set(customer.id, customer);
      return customerJson(customer);
    },
  },
  {
    method: 'POST',
    path: /^\/v1\/customers\/([^/]+)$/,
    handle({ store, params, id }) {
      params.only('email', 'name', 'metadata', 'invoice_settings');
      const customer = store.customer(id);
      const settings = params.obj('invoice_settings')?.only('default_payment_method');
      const pm = settings?.str('default_payment_method');
      if (pm) store.cardOf(id, pm, 'invoice_settings[default_payment_method]');
      if (pm !== undefined) customer.defaultPaymentMethod = pm || null;
      customer.email = params.str('email') ?? customer.email;
      customer.name = params.str('name') ?? customer.name;
      Object.assign(customer.metadata, params.metadata() ?? {});
      return customerJson(customer);
    },
  },
  {
    method: 'POST',
    path: /^\/v1\/setup_intents$/,
    handle({ store, params }) {
      params.only('customer', 'usage', 'automatic_payment_methods', 'payment_method_types', 'metadata');
      const customer = params.str('customer');
      if (customer) store.customer(customer, 'customer');
      const usage = params.oneOf('usage', ['off_session', 'on_session']) ?? 'off_session';
      params.obj('automatic_payment_methods')?.only('enabled', 'allow_redirects').bool('enabled');
      const id = newId('seti');
      const intent = { id, customer: customer ?? null, clientSecret: `${id}_secret_${newId('s')}` };
      store.setupIntents.set(id, intent);
      return {
        id,
        object: 'setup_intent',
        client_secret: intent.clientSecret,
        customer: intent.customer,
        status: 'requires_payment_method',
        usage,
        payment_method: null,
        livemode: false,
      };
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/payment_methods\/([^/]+)$/,
    handle({ store, params, id }) {
      params.only('expand');
      return cardJson(store.card(id));
    },
  },
  {
    method: 'POST',
    path: /^\/v1\/payment_methods\/([^/]+)\/attach$/,
    handle({ store, params, id }) {
      params.only('customer');
      const card = store.card(id);
      const customer = store.customer(params.need('customer'), 'customer').id;
      if (card.customer && card.customer !== customer)
        throw invalidRequest('The payment method you provided has already been attached to a customer.');
      card.customer = customer;
      return cardJson(card);
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/prices$/,
    handle({ store, params }) {
      params.only('active', 'expand', 'limit', 'product', 'type');
      const expandProduct = expansions(params, ['data.product']).length > 0;
      const limit = params.int('limit') ?? 10;
      if (limit < 1 || limit > 100)
        throw invalidRequest('limit must be between 1 and 100', undefined, 'limit');
      const active = params.bool('active');
      const prices = [...store.prices.values()]
        .reverse()
        .filter((p) => active === undefined || p.active === active)
        .filter((p) => !params.has('product') || p.product === params.str('product'))
        .slice(0, limit);
      return list(
        '/v1/prices',
        prices.map((p) => priceJson(store, p, expandProduct)),
      );
    },
  },
];

const invoiceRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/v1\/invoiceitems$/,
    handle({ store, params }) {
      params.only('customer', 'amount', 'currency', 'description', 'metadata');
      const customer = store.customer(params.need('customer'), 'customer').id;
      const amount = params.int('amount');
      if (amount === undefined) params.need('amount');
      const currency = params.need('currency');
      if (currency !== 'usd') throw invalidRequest('The fake only bills in usd.', undefined, 'currency');
      const item = {
        id: newId('ii'),
        customer,
        amount: amount ?? 0,
        currency,
        description: params.str('description') ?? null,
        metadata: params.metadata() ?? {},
        invoice: null,
      };
      store.invoiceItems.set(item.id, item);
      const { id, description, metadata } = item;
      return { id, object: 'invoiceitem', customer, amount, currency, description, metadata, invoice: null };
    },
  },
  {
    method: 'POST',
    path: /^\/v1\/invoices$/,
    handle({ store, params, baseUrl }) {
      params.only(
        'customer',
        'collection_method',
        'auto_advance',
        'pending_invoice_items_behavior',
        'description',
        'metadata',
      );
      const customer = store.customer(params.need('customer'), 'customer').id;
      const method = params.oneOf('collection_method', ['charge_automatically', 'send_invoice']);
      if (method === 'send_invoice') throw invalidRequest('The fake only charges automatically.');
      const include = params.oneOf('pending_invoice_items_behavior', ['include', 'exclude']) === 'include';
      const invoice = store.newInvoice(customer, {
        description: params.str('description') ?? null,
        metadata: params.metadata() ?? {},
        autoAdvance: params.bool('auto_advance') ?? false,
      });
      if (include) {
        for (const item of store.invoiceItems.values()) {
          if (item.customer !== customer || item.invoice) continue;
          item.invoice = invoice.id;
          invoice.lines.push({
            id: newId('il'),
            amount: item.amount,
            description: item.description,
            metadata: item.metadata,
          });
        }
      }
      return invoiceJson(invoice, baseUrl);
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/invoices\/([^/]+)$/,
    handle({ store, params, id, baseUrl }) {
      params.only('expand');
      return invoiceJson(store.invoice(id), baseUrl);
    },
  },
  {
    method: 'POST',
    path: /^\/v1\/invoices\/([^/]+)\/finalize$/,
    handle({ store, params, id, baseUrl }) {
      params.only('auto_advance', 'expand');
      const invoice = store.invoice(id);
      store.finalize(invoice);
      return invoiceJson(invoice, baseUrl);
    },
  },
  {
    method: 'POST',
    path: /^\/v1\/invoices\/([^/]+)\/pay$/,
    handle({ store, params, id, baseUrl }) {
      params.only('payment_method', 'off_session', 'expand');
      const invoice = store.invoice(id);
      store.charge(invoice, params.str('payment_method'));
      return invoiceJson(invoice, baseUrl);
    },
  },
];

export const ROUTES: Route[] = [...customerRoutes, ...subscriptionRoutes, ...invoiceRoutes];

/** The route for a request, or Stripe's 404 for an unknown URL. */
export function route(method: string, path: string): { route: Route; id: string } {
  for (const r of ROUTES) {
    const m = r.method === method ? r.path.exec(path) : null;
    if (m) return { route: r, id: decodeURIComponent(m[1] ?? '') };
  }
  throw new StripeFault(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}).`,
  });
}
