namespace Ferry.Weaver;

/// <summary>What weaving an app produced.</summary>
/// <param name="OutputDirectory">Directory holding the woven app (a full copy of the app directory).</param>
/// <param name="EntryAssemblyPath">The woven entry assembly inside it.</param>
/// <param name="WovenAssemblies">Names of the assemblies that were rewritten.</param>
/// <param name="CapturableMethods">Methods made capturable.</param>
/// <param name="CaptureSites">Capture sites and polls inserted.</param>
/// <param name="FromCache">True when an earlier weave of the same content was reused.</param>
public sealed record WeaveResult(
    string OutputDirectory,
    string EntryAssemblyPath,
    IReadOnlyList<string> WovenAssemblies,
    int CapturableMethods,
    int CaptureSites,
    bool FromCache);
