/**
 * The failure converter of every Wegwijs client, worker and workflow bundle: Temporal's default,
 * with messages and stack traces moved into the failure's encoded attributes — a payload, so the
 * payload codec encrypts it like any other. Without it, an activity's error message and stack
 * trace ("no NOA slot for HLM-2019-0042 …") would be stored in Temporal's database as plain text.
 *
 * The workflow bundle loads this file by path (`failureConverterPath`), so it imports nothing
 * but `@temporalio/common`: it runs inside the deterministic workflow sandbox too.
 *
 * Failures written before this converter (plain message, no encoded attributes) still decode.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
