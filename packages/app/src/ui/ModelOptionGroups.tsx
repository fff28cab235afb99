import type { ModelOption } from '../lib/models.js';

/** `<optgroup>`s of model options, one per provider in the order they first appear. */
export function ModelOptionGroups({ options }: { readonly options: readonly ModelOption[] }) {
  const groups = new Map<string, { name: string; options: ModelOption[] }>();
  for (const option of options) {
    const group = groups.get(option.providerId) ?? { name: option.providerName, options: [] };
    group.options.push(option);
    groups.set(option.providerId, group);
  }
  return (
    <>
      {[...groups.entries()].map(([providerId, group]) => (
        <optgroup key={providerId} label={group.name}>
          {group.options.map((option) => (
            <option key={option.ref} value={option.ref}>
              {option.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
