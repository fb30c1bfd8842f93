/**
 * Secrets in configuration lines, redacted. The node redacts before anything leaves it
 * (deploy/libexec/ovnscope/collect-serve.py's redact_line(), the same rules);
 * the server applies these rules again to every file it parses, so a node running an older or
 * altered script still cannot put a password in front of a viewer. Rules, in order:
 *
 * 1. URL userinfo: from the first "://" of a line to its last "@", everything is replaced.
 *    Multi-host URLs (oslo.messaging's `rabbit://u:p1@h1:5672,u:p2@h2:5672//`) and passwords
 *    holding "/", "@", ":" or "," (SQLAlchemy's `mysql+pymysql://u:ab/cd@db/x`) are covered
 *    whole; the price is that hosts before the last one are hidden too.
 * 2. An option whose name says secret (password, passwd, passphrase, secret, token, key,
 *    credential — `metadata_proxy_shared_secret`, `memcache_secret_key`, `ssl_key_file`): its
 *    whole value.
 * 3. An assignment inside a value whose name says secret (`Environment="OS_PASSWORD=…"`,
 *    `OVN_CTL_OPTS="… --ovn-nb-db-ssl-key=…"`): that assignment's value — to the closing
 *    quote when the assignment is quoted, else to the next blank — so the other options of
 *    the line (which ovnscope reads) stay.
 */

export const REDACTED_VALUE = "<redacted>";

const SECRET_WORD = "password|passwd|passphrase|secret|token|key|credential";
const SECRET_OPTION = new RegExp(
  `^(\\s*(?:export\\s+)?[a-z0-9_.-]*(?:${SECRET_WORD})[a-z0-9_.-]*\\s*[=:])`,
  "i",
);
// Starts only where a name starts (the lookbehind): linear in the line, not quadratic (a node's
// 100 KB line must not cost the server seconds).
const SECRET_ASSIGNMENT = new RegExp(
  `(?<![a-z0-9_.-])[a-z0-9_.-]*(?:${SECRET_WORD})[a-z0-9_.-]*=`,
  "gi",
);

export function redactLine(line: string): string {
  // 1. userinfo
  const scheme = line.indexOf("://");
  if (scheme >= 0) {
    const at = line.lastIndexOf("@");
    if (at > scheme + 3) line = `${line.slice(0, scheme + 3)}${REDACTED_VALUE}${line.slice(at)}`;
  }
  // 2. a secret option
  const option = SECRET_OPTION.exec(line);
  if (option) return `${option[1]} ${REDACTED_VALUE}`;
  // 3. secret assignments inside the value
  let out = "";
  let from = 0;
  SECRET_ASSIGNMENT.lastIndex = 0;
  for (let m = SECRET_ASSIGNMENT.exec(line); m; m = SECRET_ASSIGNMENT.exec(line)) {
    const valueAt = m.index + m[0].length;
    const quote = line[m.index - 1];
    let end: number;
    if (quote === '"' || quote === "'") {
      const close = line.indexOf(quote, valueAt);
      end = close < 0 ? line.length : close;
    } else {
      const blank = line.slice(valueAt).search(/[\s"']/);
      end = blank < 0 ? line.length : valueAt + blank;
    }
    out += `${line.slice(from, valueAt)}${REDACTED_VALUE}`;
    from = end;
    SECRET_ASSIGNMENT.lastIndex = Math.max(end, valueAt);
  }
  return out + line.slice(from);
}

/** Every line of a file's text. */
export function redactText(text: string): string {
  return text.split("\n").map(redactLine).join("\n");
}
