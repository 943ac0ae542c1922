namespace Ferry.Environments.Definition;

/// <summary>What <c>ferry env create</c> asks for; <see cref="Storage.EnvironmentStore.Create"/> validates it and makes the environment.</summary>
public sealed record EnvironmentSpec
{
    public required string Name { get; init; }

    /// <summary>A host directory copied into the environment as <c>/app</c> (its private copy).</summary>
    public string? AppDirectory { get; init; }

    /// <summary>
    /// A host directory mapped copy-on-write at <c>/app</c> instead of copied (what <c>ferry run</c> uses
    /// for a fresh environment: nothing copied, the app's files are never changed).
    /// </summary>
    public string? AppOverlay { get; init; }

    public IReadOnlyList<Mapping> Mappings { get; init; } = [];
    public IReadOnlyList<PassThrough> PassThroughs { get; init; } = [];
    public Policies Policies { get; init; } = Policies.None;
    public Limits Limits { get; init; } = Limits.None;

    /// <summary>Made for one instance by <c>ferry run</c>; removed with that instance.</summary>
    public bool Ephemeral { get; init; }
}
