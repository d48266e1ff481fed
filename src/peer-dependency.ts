/**
 * Loads an optional peer dependency (a database driver, the SMTP client) when a feature first needs
 * it, so an app installs only the drivers it uses and the root entry loads none of them.
 */

/** Thrown when a feature's optional peer dependency is not installed; names the package to install. */
export class MissingPeerDependencyError extends Error {
  override readonly name = 'MissingPeerDependencyError';
  readonly packageName: string;

  constructor(packageName: string, feature: string, options?: ErrorOptions) {
    super(
      `Barbican: ${feature} needs the package "${packageName}", an optional peer dependency of barbican. ` +
        `Add it to your app (npm install ${packageName}).`,
      options,
    );
    this.packageName = packageName;
  }
}

/**
 * Runs `load` (a literal `import('pkg')`, so bundlers still see it) and turns "package not found"
 * into a MissingPeerDependencyError; any other failure (a native build that does not load) is
 * passed on as it is.
 *
 * @example const pg = await loadPeer('pg', 'PostgreSQL', () => import('pg'));
 */
export async function loadPeer<T>(packageName: string, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isPackageMissing(error, packageName))
      throw new MissingPeerDependencyError(packageName, feature, { cause: error });
    throw error;
  }
}

function isPackageMissing(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  const code = error.code;
  // ESM reports ERR_MODULE_NOT_FOUND; a CommonJS hop inside the package reports MODULE_NOT_FOUND.
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return error.message.includes(`'${packageName}'`) || error.message.includes(`"${packageName}"`);
}
