// FerretDB's stored documents decoded as the driver would give them: the
// embedded index reads them straight from SQLite (src/store/embedded/sjson.ts).
import { decodeDocument, SjsonError } from '../../src/store/embedded/sjson';

describe('decodeDocument', () => {
  it('restores dates, nested objects and arrays, empty objects and key order', () => {
    // As FerretDB 1.24 stored { _id, createdAt, n, f, arr: [1, 'a', { d }], sub: { a, when, deep: { z: null }, none: {} }, b }.
    const stored = JSON.parse(
      '{"$s":{"p":{"_id":{"t":"string"},"createdAt":{"t":"date"},"n":{"t":"int"},"f":{"t":"double"},' +
      '"arr":{"t":"array","i":[{"t":"int"},{"t":"string"},{"t":"object","$s":{"p":{"d":{"t":"date"}},"$k":["d"]}}]},' +
      '"sub":{"t":"object","$s":{"p":{"a":{"t":"string"},"when":{"t":"date"},"deep":{"t":"object","$s":{"p":{"z":{"t":"null"}},"$k":["z"]}},"none":{"t":"object","$s":{}}},"$k":["a","when","deep","none"]}},' +
      '"b":{"t":"bool"}},"$k":["_id","createdAt","n","f","arr","sub","b"]},' +
      '"_id":"x1","createdAt":1700000000000,"n":1,"f":1.5,"arr":[1,"a",{"d":5}],"sub":{"a":"b","when":7,"deep":{"z":null},"none":{}},"b":true}',
    );
    const doc = decodeDocument(stored);
    expect(doc).toEqual({
      _id: 'x1', createdAt: new Date(1700000000000), n: 1, f: 1.5, arr: [1, 'a', { d: new Date(5) }],
      sub: { a: 'b', when: new Date(7), deep: { z: null }, none: {} }, b: true,
    });
    expect(Object.keys(doc)).toEqual(['_id', 'createdAt', 'n', 'f', 'arr', 'sub', 'b']);
    expect(doc).not.toHaveProperty('$s');
  });

  it('refuses a type the service never writes rather than guess', () => {
    const stored = JSON.parse('{"$s":{"p":{"_id":{"t":"objectId"}},"$k":["_id"]},"_id":"65f0a1b2c3d4e5f6a7b8c9d0"}');
    expect(() => decodeDocument(stored)).toThrow(SjsonError);
  });
});
