// A real OpenID Provider (panva/oidc-provider) for the forum's sign-in tests.
//
// Started by tests/oidc_provider.py with a JSON configuration in OIDC_TEST_CONFIG:
//   { "clients": [client metadata...], "acrValues": [...], "ninClaim": "hetu" }
// The issuer is http://127.0.0.1:<port>.
// It listens on 127.0.0.1 (on a port the system picks) and prints "listening <issuer>".
// Sign-in is automated: the interaction completes as the person set with POST /test/person.
// POST /test/tamper changes the next token or userinfo response, to play a hostile provider.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || '{}');
const ninClaim = config.ninClaim || 'nin';

async function signingKey(alg) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: randomUUID() };
}

const providerKey = await signingKey('RS256');
const strangerKey = await signingKey('RS256');

let person = null;
let tamper = {};
const people = new Map();

function readJson(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => {
      try { resolve(data ? JSON.parse(data) : {}); } catch (error) { reject(error); }
    });
  });
}

function decodePart(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

async function resign(token, change) {
  const [headerPart, payloadPart] = token.split('.');
  const header = decodePart(headerPart);
  const payload = { ...decodePart(payloadPart), ...(change.set || {}) };
  for (const name of change.unset || []) delete payload[name];
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  if (change.sign === 'none') {
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    return `${none}.${Buffer.from(bytes).toString('base64url')}.`;
  }
  const key = change.sign === 'stranger' ? strangerKey : providerKey;
  const kid = change.sign === 'stranger' ? strangerKey.kid : header.kid;
  const { importJWK } = await import('jose');
  const privateKey = await importJWK(key, 'RS256');
  return new CompactSign(bytes).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(privateKey);
}

const server = http.createServer();
await new Promise((resolve) => { server.listen(Number(config.port || 0), '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: config.clients || [],
  jwks: { keys: [providerKey] },
  acrValues: config.acrValues || [],
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name'],
    [ninClaim]: [ninClaim],
  },
  scopes: ['openid', 'profile', ninClaim],
  findAccount(ctx, id) {
    const claims = people.get(id);
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  cookies: { keys: ['oidc-test-provider-cookie-key'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    encryption: { enabled: true },
    jwtUserinfo: { enabled: true },
    requestObjects: { enabled: true, requireSignedRequestObject: false },
    rpInitiatedLogout: { enabled: true },
  },
  enabledJWA: {
    idTokenEncryptionAlgValues: ['RSA-OAEP-256'],
    idTokenEncryptionEncValues: ['A256GCM'],
    userinfoEncryptionAlgValues: ['RSA-OAEP-256'],
    userinfoEncryptionEncValues: ['A256GCM'],
    requestObjectSigningAlgValues: ['RS256', 'PS256', 'ES256'],
    clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256'],
  },
});

provider.use(async (ctx, next) => {
  if (ctx.path === '/token' && tamper.delayMs) {
    await new Promise((resolve) => { setTimeout(resolve, tamper.delayMs); });
  }
  await next();
  if (ctx.path === '/token' && tamper.idToken && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await resign(ctx.body.id_token, tamper.idToken) };
  }
  if (ctx.path === '/me' && tamper.userinfo && ctx.body && typeof ctx.body === 'object') {
    ctx.body = { ...ctx.body, ...tamper.userinfo };
  }
});

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (!person) {
      res.writeHead(409, { 'content-type': 'text/plain' });
      res.end('no person set: POST /test/person first');
      return;
    }
    people.set(person.sub, person.claims);
    const login = { accountId: person.sub, acr: person.acr, amr: ['pwd'] };
    await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = new provider.Grant({
    accountId: details.session.accountId,
    clientId: details.params.client_id,
  });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function control(req, res, path) {
  const body = await readJson(req);
  if (path === '/test/person') person = body;
  else if (path === '/test/tamper') tamper = body;
  else if (path === '/test/reset') { person = null; tamper = {}; }
  else { res.writeHead(404); res.end(); return; }
  res.writeHead(204);
  res.end();
}

const callback = provider.callback();
server.on('request', (req, res) => {
  const path = new URL(req.url, issuer).pathname;
  const fail = (error) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error && error.stack ? error.stack : error));
  };
  if (path.startsWith('/interaction/')) interaction(req, res).catch(fail);
  else if (path.startsWith('/test/') && req.method === 'POST') control(req, res, path).catch(fail);
  else callback(req, res);
});

process.stdout.write(`listening ${issuer}\n`);
