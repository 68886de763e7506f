/**
 * The JavaScript built-ins the workflow bundle's modules read through a binding of their own
 * (see `withLocalIntrinsics` in workflow-bundle-speed.ts). Read once per workflow, when its
 * modules load, from the sandbox's own global object: the very same objects a free `Object` or
 * `Math` would find, without a global lookup each time.
 */
const realm = globalThis;

export const Object = realm.Object;
export const Array = realm.Array;
export const Math = realm.Math;
export const JSON = realm.JSON;
export const Map = realm.Map;
export const Set = realm.Set;
export const Number = realm.Number;
export const String = realm.String;
export const Symbol = realm.Symbol;
export const Reflect = realm.Reflect;
