// Downloads the engine's live OpenAPI document to src/generated/openapi.json, the input of the linter
// and of the type generator. LODESTONE_URL names the engine (default http://localhost:8080).
import { mkdirSync, writeFileSync } from "node:fs";

const baseUrl = process.env.LODESTONE_URL ?? "http://localhost:8080";
const response = await fetch(`${baseUrl}/q/openapi?format=json`);
if (!response.ok) {
  throw new Error(`GET ${baseUrl}/q/openapi answered ${response.status}`);
}
mkdirSync("src/generated", { recursive: true });
writeFileSync("src/generated/openapi.json", await response.text());
console.log(`fetched the OpenAPI document of ${baseUrl}`);
