/**
 * Managing users: the one path the CLI and the users page share. Validates, hashes, stores
 * and audits; never audits a password, only that it changed.
 */
import { audit } from "@/lib/audit";
import { StoreConflictError, type Store } from "@/lib/store";
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from "./password";
import { isRole, type Role } from "./roles";
import { userKey } from "./throttle";

export const USERNAME = /^[a-z][a-z0-9._-]{0,31}$/;

export type UserErrorCode =
  "invalidName" | "invalidRole" | "exists" | "notFound" | "lastAdmin" | "tooShort" | "tooLong";

export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Who does it: a signed-in admin (name, address) or the CLI. */
export interface Actor {
  name: string;
  ip: string | null;
}

export interface PublicUser {
  name: string;
  role: Role;
  createdAt: number;
  updatedAt: number;
}

function checkName(name: string) {
  if (!USERNAME.test(name))
    throw new UserError(
      "invalidName",
      "a user name is 1–32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter",
    );
}

function checkRole(role: string): asserts role is Role {
  if (!isRole(role)) throw new UserError("invalidRole", "role must be viewer, operator or admin");
}

function checkPassword(password: string) {
  const problem = passwordProblem(password);
  if (problem === "tooShort")
    throw new UserError("tooShort", `password too short: at least ${PASSWORD_MIN} characters`);
  if (problem === "tooLong")
    throw new UserError("tooLong", `password too long: at most ${PASSWORD_MAX} characters`);
}

export async function listUsers(store: Store): Promise<PublicUser[]> {
  return (await store.users.list()).map(({ name, role, createdAt, updatedAt }) => ({
    name,
    role,
    createdAt,
    updatedAt,
  }));
}

export async function addUser(
  store: Store,
  actor: Actor,
  input: { name: string; role: string; password: string },
): Promise<PublicUser> {
  checkName(input.name);
  checkRole(input.role);
  checkPassword(input.password);
  const now = Date.now();
  const record = {
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await store.users.create(record);
  } catch (err) {
    if (err instanceof StoreConflictError)
      throw new UserError("exists", `user ${input.name} exists`);
    throw err;
  }
  await audit(
    {
      actor: actor.name,
      ip: actor.ip,
      event: "user.add",
      target: input.name,
      detail: { role: input.role },
    },
    store,
  );
  return { name: record.name, role: record.role, createdAt: now, updatedAt: now };
}

async function existing(store: Store, name: string) {
  const user = await store.users.get(name);
  if (!user) throw new UserError("notFound", `no user named ${name}`);
  return user;
}

/** Refuses to leave the store without an admin: nobody could manage users any more. */
async function keepAnAdmin(store: Store, name: string) {
  if ((await store.users.countByRole("admin")) <= 1)
    throw new UserError("lastAdmin", `${name} is the last admin`);
}

export async function setRole(store: Store, actor: Actor, name: string, role: string) {
  checkRole(role);
  const user = await existing(store, name);
  if (user.role === role) return;
  if (user.role === "admin") await keepAnAdmin(store, name);
  await store.users.update(name, { role }, Date.now());
  await audit(
    {
      actor: actor.name,
      ip: actor.ip,
      event: "user.role",
      target: name,
      detail: { from: user.role, to: role },
    },
    store,
  );
}

/**
 * A new password ends every session of that user and the sign-in lock on the name: someone
 * else's guessing, which keeps renewing that lock, cannot keep its owner out past this.
 */
export async function setPassword(store: Store, actor: Actor, name: string, password: string) {
  checkPassword(password);
  await existing(store, name);
  await store.users.update(name, { passwordHash: await hashPassword(password) }, Date.now());
  await store.attempts.clear(userKey(name));
  const ended = await store.sessions.removeForUser(name);
  await audit(
    {
      actor: actor.name,
      ip: actor.ip,
      event: "user.passwd",
      target: name,
      detail: { sessionsEnded: ended },
    },
    store,
  );
}

export async function removeUser(store: Store, actor: Actor, name: string) {
  const user = await existing(store, name);
  if (user.role === "admin") await keepAnAdmin(store, name);
  await store.users.remove(name);
  await audit(
    {
      actor: actor.name,
      ip: actor.ip,
      event: "user.remove",
      target: name,
      detail: { role: user.role },
    },
    store,
  );
}
