// Typical CommonJS code typed against @types/jsonwebtoken 9: `import jwt = require(...)` in an
// Express-style middleware, with a key lookup by `kid` and the payload on the request.
// types-dropin.test.mjs compiles it as written, then with 'jsonwebtoken' changed to 'rtc-token'.
import jwt = require('jsonwebtoken');

interface Request {
  headers: { authorization?: string | undefined };
  user?: jwt.JwtPayload;
}
type Next = (err?: Error) => void;

const keys = new Map<string, jwt.Secret>([['k1', Buffer.from('secret one')]]);
const getSecret: jwt.GetPublicKeyOrSecret = (header, callback) => {
  const key = header.kid === undefined ? undefined : keys.get(header.kid);
  if (key === undefined) callback(new Error(`unknown kid ${header.kid}`));
  else callback(null, key);
};

function authenticate(req: Request, _res: unknown, next: Next): void {
  const token = req.headers.authorization?.replace(/^Bearer /, '');
  if (!token) return next(new jwt.JsonWebTokenError('jwt must be provided'));
  jwt.verify(token, getSecret, { algorithms: ['HS256'] }, (err, decoded) => {
    if (err) return next(err);
    if (typeof decoded === 'object') req.user = decoded;
    next();
  });
}

function refresh(user: jwt.JwtPayload, callback: jwt.SignCallback): void {
  const { iat, exp, nbf, ...claims } = user;
  jwt.sign(claims, keys.get('k1')!, { expiresIn: 900, header: { alg: 'HS256', kid: 'k1' } }, callback);
}

const complete = jwt.decode('token', { complete: true });
const header: jwt.JwtHeader | undefined = complete?.header;

// @ts-expect-error header.kid is a string
const kid: number | undefined = header?.kid;

export = { authenticate, kid, refresh };
