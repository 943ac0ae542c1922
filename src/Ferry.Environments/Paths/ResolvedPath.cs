namespace Ferry.Environments.Paths;

/// <summary>An inside path after resolution (links followed, inside), and the host path to use for it.</summary>
public readonly record struct ResolvedPath(string Inside, string Host);
