import "server-only";
import { jsonError } from "./server";
import { UserError, type UserErrorCode } from "./users";

const STATUS: Record<UserErrorCode, number> = {
  invalidName: 400,
  invalidRole: 400,
  tooShort: 400,
  tooLong: 400,
  notFound: 404,
  exists: 409,
  lastAdmin: 409,
};

/** A user-management error as a JSON answer (code for the UI's message, text for people). */
export function userErrorResponse(err: unknown): Response {
  if (err instanceof UserError)
    return jsonError(STATUS[err.code], err.code, { message: err.message });
  throw err;
}
