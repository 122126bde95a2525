#!/usr/bin/env bash
# Demo catalogue: 4 locations (2 bars, 2 shops), 50 products, stock everywhere. Every call carries a fixed
# Idempotency-Key, so running it again replays the first responses and changes nothing. The back office acts as an
# admin, the demo cart as customer-1, with tokens from deploy/local/token.sh (the stack's own key).
set -euo pipefail
STOCK=${STOCK_URL:-http://127.0.0.1:8081}
GATEWAY=${GATEWAY_URL:-http://127.0.0.1:${GATEWAY_PORT:-8080}}
TOKEN=$(dirname "${BASH_SOURCE[0]}")/token.sh
ADMIN=$("$TOKEN" admin)
CUSTOMER=$("$TOKEN" customer customer-1)

post() { # method path key body -> response body
  curl -fsS -X "$1" "$STOCK$2" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $3" -d "$4"
}

for loc in "bar-central:Bar Central" "bar-harbour:Harbour Bar" "shop-north:North Shop" "shop-south:South Shop"; do
  post POST /locations "demo-location-${loc%%:*}" "{\"id\":\"${loc%%:*}\",\"name\":\"${loc#*:}\"}" >/dev/null
done

categories=(beer wine spirits soft snacks)
names_beer=(Pils Lager IPA Stout Weizen Blonde Amber Porter Saison Tripel)
names_wine=(Merlot Syrah Chardonnay Riesling Rosé Malbec Pinot Cabernet Sauvignon Prosecco)
names_spirits=(Gin Vodka Rum Whisky Tequila Cognac Calvados Mezcal Pastis Amaretto)
names_soft=(Cola Lemonade Tonic Ginger-Ale Orange-Juice Apple-Juice Iced-Tea Water Sparkling-Water Mate)
names_snacks=(Peanuts Crisps Olives Pretzels Nachos Cashews Almonds Popcorn Crackers Chocolate)
first_id=""
n=0
for c in "${categories[@]}"; do
  declare -n names="names_$c"
  for name in "${names[@]}"; do
    n=$((n + 1))
    sku=$(printf '%s-%03d' "$c" "$n")
    price=$(( (n * 37 % 900) + 250 ))
    id=$(post POST /products "demo-product-$sku" \
      "{\"sku\":\"$sku\",\"name\":\"$name\",\"category\":\"$c\",\"price\":{\"amount\":$price,\"currency\":\"EUR\"}}" |
      sed -E 's/^\{"id":"([^"]+)".*/\1/')
    [ -n "$first_id" ] || first_id=$id
    for loc in bar-central bar-harbour shop-north shop-south; do
      post PUT "/locations/$loc/stock/$id" "demo-count-$loc-$sku" "{\"onHand\":$(( (n * 13 % 40) + 5 )),\"reason\":\"demo\"}" >/dev/null
    done
  done
done
echo "[demo] 4 locations, $n products, stock at every location"

# a demo cart of customer-1: the owner is the bearer token's subject (cart-service learns the catalogue from
# product-events: wait until it knows the product)
CART=${CART_URL:-http://127.0.0.1:8082}
cart=$(curl -fsS -X POST "$CART/carts" -H "Authorization: Bearer $CUSTOMER" -H 'Content-Type: application/json' \
  -H 'Idempotency-Key: demo-cart-customer-1' -d '{"locationId":"shop-north","currency":"EUR"}' |
  sed -E 's/^\{"id":"([^"]+)".*/\1/')
for _ in $(seq 1 50); do
  if curl -fsS -X POST "$CART/carts/$cart/items" -H "Authorization: Bearer $CUSTOMER" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: demo-cart-customer-1-item" -d "{\"productId\":\"$first_id\",\"quantity\":2}" >/dev/null 2>&1; then
    break
  fi
  sleep 0.2
done
echo "[demo] cart $cart of customer-1 (export CUSTOMER=\$(deploy/local/token.sh customer customer-1)):"
echo "  curl -s -H \"Authorization: Bearer \$CUSTOMER\" $GATEWAY/carts/$cart   (read model; history: $GATEWAY/carts/$cart/history)"
# a demo order of customer-1: a second cart, checked out (stock-service holds its units, the order is confirmed)
order_cart=$(curl -fsS -X POST "$CART/carts" -H "Authorization: Bearer $CUSTOMER" -H 'Content-Type: application/json' \
  -H 'Idempotency-Key: demo-order-cart-customer-1' -d '{"locationId":"shop-north","currency":"EUR"}' |
  sed -E 's/^\{"id":"([^"]+)".*/\1/')
curl -fsS -o /dev/null -X POST "$CART/carts/$order_cart/items" -H "Authorization: Bearer $CUSTOMER" \
  -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-order-cart-customer-1-item' \
  -d "{\"productId\":\"$first_id\",\"quantity\":1}"
order=$(curl -fsS -X POST "$CART/carts/$order_cart/checkout" -H "Authorization: Bearer $CUSTOMER" \
  -H 'Idempotency-Key: demo-order-customer-1' | sed -E 's/^\{"orderId":"([^"]+)".*/\1/')
echo "[demo] order $order of customer-1 (placed, then confirmed once stock-service held its unit):"
echo "  curl -s -H \"Authorization: Bearer \$CUSTOMER\" $GATEWAY/orders/$order   (read model; the event store: $CART/orders/$order)"
echo "  curl -s -H \"Authorization: Bearer \$CUSTOMER\" $GATEWAY/customers/customer-1/orders"
echo "  hand it over, as North Shop's staff: curl -s -X POST $GATEWAY/orders/$order/fulfil -H \"Authorization: Bearer \$(deploy/local/token.sh staff shop-north)\""
# a few till sales and a return at shop-north, so every figure of analytics-service has something to show (its cart
# funnel: the two carts above, one checked out; the other is abandoned once idle for CART_ABANDON_AFTER)
SHOP_TILL=$("$TOKEN" staff shop-north)
sale_ids=()
for i in 1 2 3; do
  sale_ids+=("$(curl -fsS -X POST "$STOCK/locations/shop-north/sales" -H "Authorization: Bearer $SHOP_TILL" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: demo-sale-shop-north-$i" \
    -d "{\"items\":[{\"productId\":\"$first_id\",\"quantity\":$i}]}" | sed -E 's/^\{"id":"([^"]+)".*/\1/')")
done
curl -fsS -o /dev/null -X POST "$STOCK/locations/shop-north/sales/${sale_ids[2]}/returns" \
  -H "Authorization: Bearer $SHOP_TILL" -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-return-shop-north' \
  -d "{\"items\":[{\"productId\":\"$first_id\",\"quantity\":1}]}"
echo "[demo] 3 till sales and a return at shop-north; its figures (export MANAGER=\$(deploy/local/token.sh manager shop-north)):"
echo "  curl -s -H \"Authorization: Bearer \$MANAGER\" 'http://127.0.0.1:8084/analytics/daily?locationId=shop-north'"
echo "  curl -s -H \"Authorization: Bearer \$MANAGER\" http://127.0.0.1:8084/analytics/locations/shop-north/activity"
echo "[demo] a guest cart: the Cart-Token response header opens it on every later call:"
echo "  curl -si -X POST $CART/carts -H 'Content-Type: application/json' -d '{\"locationId\":\"shop-north\",\"currency\":\"EUR\"}' | grep -i cart-token"
echo "[demo] sell 2 of product $first_id at bar-central, as its till (export TILL=\$(deploy/local/token.sh staff bar-central)):"
echo "  curl -s -X POST $STOCK/locations/bar-central/sales -H \"Authorization: Bearer \$TILL\" -H 'Content-Type: application/json' -H \"Idempotency-Key: \$(cat /proc/sys/kernel/random/uuid)\" -d '{\"items\":[{\"productId\":\"$first_id\",\"quantity\":2}]}'"
echo "  curl -s -H \"Authorization: Bearer \$TILL\" $STOCK/locations/bar-central/stock/$first_id"
