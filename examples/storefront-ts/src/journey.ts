// The storefront journey, end to end, through the client generated from Lodestone's OpenAPI document:
//   1. a marketer loads three catalog items and creates a coupon gift;
//   2. the storefront's server posts a shopper's behaviour and a purchase (which earns points), and
//      another shopper's views (so that the phone has a neighbour the shopper has not seen yet);
//      the shopper's own token posts a view, and is refused a purchase (403);
//   3. an invalid event is refused with the one JSON error shape (400 invalid_events);
//   4. the shopper reads points, recommendations, similar items and the profile (reads are eventual: polled);
//   5. the shopper redeems points with an Idempotency-Key, and the retry returns the same redemption;
//   6. the shopper exchanges points for the gift; the storefront uses the coupon it issued, once.
// Parameters (environment): LODESTONE_URL (default http://localhost:8080), LODESTONE_STOREFRONT_TOKEN,
// LODESTONE_MARKETER_TOKEN, LODESTONE_SHOPPER_TOKEN and LODESTONE_SHOPPER_ID (the shopper token's sub).
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/lodestone.js";

type ApiError = components["schemas"]["ApiError"];
type Event = components["schemas"]["Event"];

const baseUrl = process.env.LODESTONE_URL ?? "http://localhost:8080";
const shopperId = required("LODESTONE_SHOPPER_ID");
const storefront = client(required("LODESTONE_STOREFRONT_TOKEN"));
const marketer = client(required("LODESTONE_MARKETER_TOKEN"));
const shopper = client(required("LODESTONE_SHOPPER_TOKEN"));

/** Ids unique to this run, so the journey can run again against the same engine. */
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const phone = `phone-${run}`;
const phoneCase = `case-${run}`;
const charger = `charger-${run}`;
const giftId = `coupon-10-${run}`;
const GIFT_COST = 100;
const REDEEMED = 50;

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`set ${name} (see README.md)`);
  }
  return value;
}

function client(token: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
}

/** Fails the journey unless the answer has the expected status; shows the API's error when there is one. */
function expectStatus(response: Response, expected: number[], error?: ApiError): void {
  if (!expected.includes(response.status)) {
    throw new Error(`${response.url}: expected ${expected.join(" or ")}, got ${response.status} ${JSON.stringify(error)}`);
  }
}

/** Reads are eventual (the stream, then Redis): ask again until `check` returns a value, for up to a minute. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function step(name: string, body: () => Promise<string | void>): Promise<void> {
  const started = Date.now();
  const detail = await body();
  console.log(`ok  ${name}${detail ? `: ${detail}` : ""} (${Date.now() - started} ms)`);
}

function event(type: Event["type"], itemId: string, extra: Partial<Event> = {}): Event {
  const eventId = `${type}-${itemId}-${Math.random().toString(36).slice(2, 10)}`;
  return { eventId, type, userId: shopperId, itemId, ...extra };
}

await step("a marketer loads three catalog items", async () => {
  const items = [
    { itemId: phone, title: "Phone", category: "电子产品/手机", brand: "品牌A", price: 299, currency: "CNY", stock: 12 },
    { itemId: phoneCase, title: "Case", category: "电子产品/手机/配件", brand: "品牌A", price: 49, currency: "CNY", stock: 40 },
    { itemId: charger, title: "Charger", category: "电子产品/手机/配件", brand: "品牌B", price: 99, currency: "CNY", stock: 30 },
  ];
  for (const item of items) {
    const { data, error, response } = await marketer.PUT("/v1/catalog/items/{itemId}", {
      params: { path: { itemId: item.itemId } },
      body: item,
    });
    expectStatus(response, [200], error);
    if (data?.available !== true) {
      throw new Error(`${item.itemId} should be available: ${JSON.stringify(data)}`);
    }
  }
  return items.map((item) => item.itemId).join(", ");
});

await step("a marketer creates a coupon gift", async () => {
  const { data, error, response } = await marketer.PUT("/v1/gifts/{giftId}", {
    params: { path: { giftId } },
    body: { name: "10 CNY off", cost: GIFT_COST, stock: 5, kind: "coupon" },
  });
  expectStatus(response, [200], error);
  return `${data?.giftId} costs ${data?.cost} points`;
});

await step("the storefront's server posts the shopper's behaviour and a purchase", async () => {
  const other = `${shopperId}-friend`;
  const { data, error, response } = await storefront.POST("/v1/events", {
    body: [
      event("view", phone),
      event("add_to_cart", phoneCase, { quantity: 1, price: 49, currency: "CNY" }),
      event("purchase", phone, { quantity: 1, price: 299, currency: "CNY" }),
      event("view", phone, { userId: other }),
      event("view", charger, { userId: other }),
    ],
  });
  expectStatus(response, [202], error);
  return `${data?.accepted} accepted`;
});

await step("the shopper's own token posts a view, but may not post a purchase", async () => {
  const view = await shopper.POST("/v1/events", { body: event("view", phoneCase) });
  expectStatus(view.response, [202], view.error);
  const purchase = await shopper.POST("/v1/events", { body: event("purchase", phone, { price: 1e9 }) });
  expectStatus(purchase.response, [403], purchase.error);
  return `purchase refused: ${purchase.error?.code} (${purchase.error?.errors?.[0]?.reason})`;
});

await step("an invalid event is refused with the API's error shape", async () => {
  const { error, response } = await storefront.POST("/v1/events", {
    body: { eventId: `bad-${run}`, type: "view", itemId: phone },
  });
  expectStatus(response, [400], error);
  if (error?.code !== "invalid_events") {
    throw new Error(`expected invalid_events, got ${JSON.stringify(error)}`);
  }
  return `${error.code}: ${error.errors?.map((e) => `${e.field} ${e.reason}`).join("; ")}`;
});

const balance = await eventually("the purchase's points", async () => {
  const { data, error, response } = await shopper.GET("/v1/users/{userId}/points", {
    params: { path: { userId: shopperId } },
  });
  expectStatus(response, [200], error);
  return (data?.balance ?? 0) >= GIFT_COST + REDEEMED ? data?.balance : undefined;
});
console.log(`ok  the purchase earned points: balance ${balance}`);

await step("recommendations for the shopper (what they saw and bought is left out)", async () => {
  const items = await eventually("recommendations", async () => {
    const { data, error, response } = await shopper.GET("/v1/users/{userId}/recommendations", {
      params: { path: { userId: shopperId }, query: { limit: 5 } },
    });
    expectStatus(response, [200], error);
    return data?.items?.length ? data.items : undefined;
  });
  return items.map((item) => `${item.itemId} (${item.reason?.type})`).join(", ");
});

await step("items similar to the phone", async () => {
  const items = await eventually(`${phoneCase} among the items similar to ${phone}`, async () => {
    const { data, error, response } = await shopper.GET("/v1/items/{itemId}/similar", {
      params: { path: { itemId: phone }, query: { limit: 5 } },
    });
    expectStatus(response, [200], error);
    return data?.items?.some((item) => item.itemId === phoneCase) ? data.items : undefined;
  });
  return items.map((item) => `${item.itemId} ${item.score?.toFixed(2)}`).join(", ");
});

await step("the shopper's profile", async () => {
  const profile = await eventually("the profile", async () => {
    const { data, error, response } = await shopper.GET("/v1/users/{userId}/profile", {
      params: { path: { userId: shopperId } },
    });
    expectStatus(response, [200, 404], error);
    return data?.categories?.length ? data : undefined;
  });
  return `top category ${profile.categories?.[0]?.name}, brands ${profile.brands?.map((b) => b.name).join(", ")}`;
});

/** A 202 means "not decided yet": poll the status URL until the decision is there. */
async function redemption(idempotencyKey: string) {
  const { data, error, response } = await shopper.POST("/v1/users/{userId}/points/redemptions", {
    params: { path: { userId: shopperId }, header: { "Idempotency-Key": idempotencyKey } },
    body: { points: REDEEMED, reason: "journey" },
  });
  expectStatus(response, [201, 202], error);
  if (data && "balance" in data) {
    return data;
  }
  return eventually("the redemption's decision", async () => {
    const status = await shopper.GET("/v1/users/{userId}/points/redemptions/{redemptionId}", {
      params: { path: { userId: shopperId, redemptionId: data?.redemptionId ?? "" } },
    });
    expectStatus(status.response, [200, 202], status.error);
    return status.data && "balance" in status.data ? status.data : undefined;
  });
}

let balanceAfterRedemption = 0;
await step("the shopper redeems points with an Idempotency-Key; the retry changes nothing", async () => {
  const key = `order-${run}`;
  const first = await redemption(key);
  const retry = await redemption(key);
  if (first.redemptionId !== retry.redemptionId || first.balance !== retry.balance) {
    throw new Error(`the retry was not the same redemption: ${JSON.stringify(first)} vs ${JSON.stringify(retry)}`);
  }
  balanceAfterRedemption = first.balance ?? 0;
  return `${first.redemptionId}, balance ${first.balance}`;
});

let couponCode = "";
await step("the shopper exchanges points for the gift", async () => {
  const params = {
    path: { userId: shopperId, giftId },
    header: { "Idempotency-Key": `exchange-${run}` },
  };
  const { data, error, response } = await shopper.POST("/v1/users/{userId}/gifts/{giftId}/exchanges", { params });
  expectStatus(response, [201, 202], error);
  const exchange =
    data && "balance" in data
      ? data
      : await eventually("the exchange's decision", async () => {
          const status = await shopper.GET("/v1/users/{userId}/gifts/{giftId}/exchanges/{exchangeId}", {
            params: { path: { userId: shopperId, giftId, exchangeId: data?.exchangeId ?? "" } },
          });
          expectStatus(status.response, [200, 202], status.error);
          return status.data && "balance" in status.data ? status.data : undefined;
        });
  if (exchange.balance !== balanceAfterRedemption - GIFT_COST) {
    throw new Error(`expected balance ${balanceAfterRedemption - GIFT_COST}: ${JSON.stringify(exchange)}`);
  }
  couponCode = exchange.coupon?.code ?? "";
  if (!couponCode) {
    throw new Error(`a coupon gift issues a code: ${JSON.stringify(exchange)}`);
  }
  return `${exchange.status}, balance ${exchange.balance}`;
});

await step("the storefront uses the coupon at checkout, once", async () => {
  const params = { path: { code: couponCode } };
  const used = await storefront.POST("/v1/coupons/{code}/redemptions", { params });
  expectStatus(used.response, [201], used.error);
  const again = await storefront.POST("/v1/coupons/{code}/redemptions", { params });
  expectStatus(again.response, [409], again.error);
  return `used by ${used.data?.userId}; again: ${again.error?.code}`;
});

console.log("storefront journey complete");
