// Schema checks of rendered manifests, offline (k8s/check.py runs it on every overlay):
//  - Kubernetes, Gateway API, Envoy Gateway, KEDA, Argo Rollouts and Prometheus operator kinds: the kubernetes-models validators (types, enums, required
//    fields), and TypeScript's excess-property check on the same objects against the models' interfaces, which is
//    what catches an unknown or misspelt field (`readinesProbe`) at any depth;
//  - Strimzi and CloudNativePG kinds: their CRDs' openAPIV3Schema (from CRD_DIR, not copied here) with ajv, every
//    object schema that lists its properties made closed (additionalProperties: false) unless the CRD lets it hold
//    unknown fields (x-kubernetes-preserve-unknown-fields), as the API server prunes or rejects them.
// A kind none of these knows is an error: nothing goes unchecked.
//
//   node k8s/check/validate.mjs CRD_DIR rendered.yaml...   exit 0 and a count, else one line per problem
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import Ajv from "ajv";
import ts from "typescript";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODELS = {
  v1: "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "gateway.networking.k8s.io/v1": "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1",
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
  "argoproj.io/v1alpha1": "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1",
  "gateway.envoyproxy.io/v1alpha1": "@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

const [crdDir, ...files] = process.argv.slice(2);
if (!crdDir || files.length === 0) {
  console.error("usage: node validate.mjs CRD_DIR rendered.yaml...");
  process.exit(2);
}

/** The CRDs' schemas by "apiVersion kind", each closed where the API server would not keep unknown fields. */
function crdSchemas(dir) {
  const schemas = new Map();
  const walk = (d) =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith(".yaml") ? [path.join(d, e.name)] : []);
  for (const file of walk(dir)) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))) {
      const crd = doc.toJS();
      if (crd?.kind !== "CustomResourceDefinition") continue;
      for (const v of crd.spec.versions) {
        schemas.set(`${crd.spec.group}/${v.name} ${crd.spec.names.kind}`, close(v.schema.openAPIV3Schema));
      }
    }
  }
  return schemas;
}

function close(schema) {
  if (schema && typeof schema === "object") {
    if (schema.properties && schema.additionalProperties === undefined
        && !schema["x-kubernetes-preserve-unknown-fields"]) {
      schema.additionalProperties = false;
    }
    for (const value of Object.values(schema)) close(value);
  }
  return schema;
}

const problems = [];
const objects = [];
for (const file of files) {
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))) {
    const obj = doc.toJS();
    if (obj) objects.push({ file: path.basename(file), obj, name: `${obj.kind}/${obj.metadata?.name}` });
  }
}

const crds = crdSchemas(crdDir);
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const typed = [];
for (const o of objects) {
  const { apiVersion, kind } = o.obj;
  const where = `${o.file}: ${o.name}`;
  const crd = crds.get(`${apiVersion} ${kind}`);
  if (crd) {
    const valid = ajv.validate(crd, o.obj);
    if (!valid) {
      for (const e of ajv.errors) {
        const extra = e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : "";
        problems.push(`${where}: ${e.instancePath || "/"} ${e.message}${extra}`);
      }
    }
    continue;
  }
  const module = MODELS[apiVersion];
  const Model = module && (await import(module))[kind];
  if (!Model) {
    problems.push(`${where}: no schema for ${apiVersion} ${kind}`);
    continue;
  }
  try {
    new Model(o.obj).validate();
  } catch (e) {
    const details = (e.errors ?? []).map((x) => `${x.instancePath || "/"} ${x.message}`).join("; ");
    problems.push(`${where}: ${details || e.message}`);
  }
  typed.push({ ...o, module });
}

// unknown fields: each object as a literal of its model's interface; tsc reports any property the model lacks
const source = path.join(HERE, ".objects.ts");
const lines = [];
const owner = [];
typed.forEach((o, i) => {
  lines.push(`import type { I${o.obj.kind} as T${i} } from "${o.module}";`);
  owner.push(null);
});
typed.forEach((o, i) => {
  for (const line of `export const o${i}: T${i} = ${JSON.stringify(o.obj, null, 1)};`.split("\n")) {
    lines.push(line);
    owner.push(o);
  }
});
fs.writeFileSync(source, lines.join("\n") + "\n");
try {
  const program = ts.createProgram([source], {
    noEmit: true, strict: true, skipLibCheck: true, types: [],
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022,
  });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const o = owner[line];
    problems.push(o ? `${o.file}: ${o.name}: ${lines[line].trim()} — ${text}` : `typescript: ${text}`);
  }
} finally {
  fs.rmSync(source, { force: true });
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${objects.length} objects valid against their schemas (${typed.length} models, ${objects.length - typed.length} CRDs), no unknown fields`);
