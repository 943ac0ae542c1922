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
        return threads.Select(t => new ImageSummary.Thread(Describe(graph, t), Frames(graph, t))).ToList();
    }

    private static IReadOnlyList<string> Frames(GraphView graph, GraphObject thread)
    {
        var field = thread.Fields.FirstOrDefault(f => f.Name.Contains("Frames", StringComparison.OrdinalIgnoreCase));
        if (field is null || graph.Resolve(field.Value) is not { } frames) return [];
        return frames.Items.Select(graph.Resolve).OfType<GraphObject>().Select(f => Describe(graph, f)).ToList();
    }

    /// <summary>"Type field=value ..." over the object's plain-valued fields (strings included).</summary>
    private static string Describe(GraphView graph, GraphObject o)
    {
        var values = o.Fields
            .Select(f => (f.Name, Text: f.Value.Kind switch
            {
                GraphValueKind.Value => f.Value.ToString(),
                GraphValueKind.Reference when graph.Resolve(f.Value)?.Value is string text => $"\"{text}\"",
                _ => null,
            }))
            .Where(f => f.Text is not null)
            .Select(f => $"{f.Name}={f.Text}");
        return string.Join(' ', values.Prepend(o.TypeName));
    }
}
