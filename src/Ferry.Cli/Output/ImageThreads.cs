using Ferry.Images.Inspection;

namespace Ferry.Cli.Output;

/// <summary>
/// The saved threads of an image, read from its object graph without loading any type: the root named
/// "threads" holds the thread records; a field whose name contains "Frames" holds each thread's frames.
/// Records are shown by their plain values (ids, names, method names, resume points).
/// </summary>
internal static class ImageThreads
{
    public const string RootName = "threads";

    public static IReadOnlyList<ImageSummary.Thread> Read(GraphView graph)
    {
        if (!graph.RootNames.Contains(RootName) || graph.Root(RootName) is not { } root) return [];
        var threads = root.Items.Count > 0 ? root.Items.Select(graph.Resolve).OfType<GraphObject>().ToList() : [root];
        return threads.Select(t => new ImageSummary.Thread(Describe(t), Frames(graph, t))).ToList();
    }

    private static IReadOnlyList<string> Frames(GraphView graph, GraphObject thread)
    {
        var field = thread.Fields.FirstOrDefault(f => f.Name.Contains("Frames", StringComparison.OrdinalIgnoreCase));
        if (field is null || graph.Resolve(field.Value) is not { } frames) return [];
        return frames.Items.Select(graph.Resolve).OfType<GraphObject>().Select(Describe).ToList();
    }

    /// <summary>"Type field=value ..." over the object's plain-valued fields.</summary>
    private static string Describe(GraphObject o)
    {
        var values = o.Fields.Where(f => f.Value.Kind == GraphValueKind.Value).Select(f => $"{f.Name}={f.Value}");
        return string.Join(' ', values.Prepend(o.TypeName));
    }
}
