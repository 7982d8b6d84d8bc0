/**
 * FileDescriptorSet bytes for one message type, as protoc would write them, from a protobufjs root.
 *
 * protobufjs's `Root.toDescriptor` gives one file per package but leaves three things that strict
 * readers (Python's descriptor_pool, the mcap CLI) trip over: type names relative to the scope
 * (`Observation` instead of `.dreamdrive.v1.Observation`), map entry types named after the field
 * (`Values` instead of `ValuesEntry`), and no `dependency` list between the files. We repair those,
 * keep only the files the type needs, and order them dependencies first.
 */
import * as protobuf from 'protobufjs';
import { FileDescriptorSet, type IDescriptorProto, type IFileDescriptorProto } from 'protobufjs/ext/descriptor';

/** protoc's name for the entry type of map field `field`: `ValuesEntry` for `values`, `FooBarEntry` for `foo_bar`. */
export function mapEntryName(field: string): string {
  return `${field
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}Entry`;
}

/** Makes every field's type name absolute (leading dot), renaming map entry types on the way. */
function qualifyMessage(message: IDescriptorProto, scope: protobuf.Type): void {
  const renamed = new Map<string, string>();
  for (const nested of message.nestedType ?? []) {
    if (nested.options?.mapEntry !== true || nested.name === undefined) continue;
    const field = (message.field ?? []).find((f) => f.typeName === nested.name);
    if (field?.name === undefined) continue;
    renamed.set(nested.name, mapEntryName(field.name));
    nested.name = mapEntryName(field.name);
  }
  for (const field of message.field ?? []) {
    if (field.typeName === undefined || field.typeName === '' || field.typeName.startsWith('.')) continue;
    const entry = renamed.get(field.typeName);
    if (entry !== undefined) {
      field.typeName = `${scope.fullName}.${entry}`;
      continue;
    }
    const found = scope.lookup(field.typeName);
    if (found === null) throw new Error(`descriptor: ${scope.fullName}.${field.name} refers to unknown type '${field.typeName}'`);
    field.typeName = found.fullName;
  }
  for (const nested of message.nestedType ?? []) {
    // Entry fields resolve from the map's message; other nested messages are their own scope.
    const inner = nested.options?.mapEntry === true ? scope : scope.lookup(nested.name ?? '');
    if (inner instanceof protobuf.Type) qualifyMessage(nested, inner);
  }
}

function referencedTypes(messages: readonly IDescriptorProto[], out: Set<string>): void {
  for (const m of messages) {
    for (const f of m.field ?? []) if (f.typeName !== undefined && f.typeName !== '') out.add(f.typeName);
    referencedTypes(m.nestedType ?? [], out);
  }
}

/**
 * Splits protobufjs's one google.protobuf file into protoc's per-type files
 * (google/protobuf/timestamp.proto, ...), so readers that know the well-known types recognise them.
 */
function splitWellKnown(files: IFileDescriptorProto[]): IFileDescriptorProto[] {
  return files.flatMap((file) => {
    if (file.package !== 'google.protobuf') return [file];
    return (file.messageType ?? []).map((m) => ({ ...file, name: `google/protobuf/${(m.name ?? '').toLowerCase()}.proto`, messageType: [m], enumType: [] }));
  });
}

/** The top-level type (message or enum) that `typeName` is or is nested in, among `known`. */
function topLevel(typeName: string, known: ReadonlyMap<string, unknown>): string | null {
  let name = typeName;
  while (!known.has(name) && name.includes('.', 1)) name = name.slice(0, name.lastIndexOf('.'));
  return known.has(name) ? name : null;
}

interface TopType {
  readonly file: IFileDescriptorProto;
  readonly message: IDescriptorProto | null;
}

/** Every top-level message and enum of the repaired files, by absolute name. */
function topTypes(root: protobuf.Root): Map<string, TopType> {
  const files = splitWellKnown(root.toDescriptor('proto3').file);
  const types = new Map<string, TopType>();
  for (const file of files) {
    for (const message of file.messageType ?? []) {
      qualifyMessage(message, root.lookupType(`${file.package}.${message.name}`));
      types.set(`.${file.package}.${message.name}`, { file, message });
    }
    for (const e of file.enumType ?? []) types.set(`.${file.package}.${e.name}`, { file, message: null });
  }
  return types;
}

/**
 * The serialized FileDescriptorSet defining `fullName` (e.g. `foxglove.SceneUpdate`) and only the
 * types it reaches, one file per package (the well-known types in their own), dependencies first.
 */
export function descriptorSetFor(root: protobuf.Root, fullName: string): Uint8Array {
  const types = topTypes(root);
  const start = `.${fullName}`;
  if (!types.has(start)) throw new Error(`descriptor: no file defines '${fullName}'`);
  const reached = new Set<string>();
  const visit = (name: string): void => {
    if (reached.has(name)) return;
    reached.add(name);
    const used = new Set<string>();
    const message = types.get(name)?.message;
    if (message) referencedTypes([message], used);
    for (const t of used) {
      const top = topLevel(t, types);
      if (top !== null) visit(top);
    }
  };
  visit(start);

  // Pruned copies of the files, keeping only reached types, in the order the root lists them.
  const pruned = new Map<IFileDescriptorProto, IFileDescriptorProto>();
  for (const [name, { file }] of types) {
    if (!reached.has(name)) continue;
    if (!pruned.has(file)) pruned.set(file, { ...file, messageType: [], enumType: [], dependency: [] });
  }
  for (const [original, copy] of pruned) {
    copy.messageType = (original.messageType ?? []).filter((m) => reached.has(`.${original.package}.${m.name}`));
    copy.enumType = (original.enumType ?? []).filter((e) => reached.has(`.${original.package}.${e.name}`));
    const used = new Set<string>();
    referencedTypes(copy.messageType, used);
    const deps = new Set<string>();
    for (const t of used) {
      const top = topLevel(t, types);
      const dep = top === null ? undefined : pruned.get(types.get(top)!.file)?.name;
      if (dep !== undefined && dep !== copy.name) deps.add(dep);
    }
    copy.dependency = [...deps].sort();
  }

  const byName = new Map([...pruned.values()].map((f) => [f.name ?? '', f]));
  const ordered: IFileDescriptorProto[] = [];
  const place = (file: IFileDescriptorProto): void => {
    if (ordered.includes(file)) return;
    for (const dep of (file.dependency ?? []) as string[]) place(byName.get(dep)!);
    ordered.push(file);
  };
  for (const file of pruned.values()) place(file);
  return FileDescriptorSet.encode(FileDescriptorSet.create({ file: ordered })).finish();
}
