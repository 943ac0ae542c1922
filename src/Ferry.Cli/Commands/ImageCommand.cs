using System.CommandLine;
using System.Text.Json;
using Ferry.Cli.Output;
using Ferry.Images;
using Ferry.Images.Inspection;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry image show IMAGE [--json]</c>: what an image holds, read without instantiating anything from it.</summary>
internal static class ImageCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Argument<string>("IMAGE") { Description = "The image file." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var show = new Command("show", "Show an image: header, app assemblies, sections and sizes, threads with their frames, objects by type.") { image, json };
        show.SetAction(parse => Show(context, parse.GetValue(image)!, parse.GetValue(json)));
        return new Command("image", "Inspect images.") { show };
    }

    private static int Show(CliContext context, string imageArgument, bool json)
    {
        var what = $"image show {imageArgument}";
        var path = Path.GetFullPath(imageArgument);
        ImageSummary summary;
        try
        {
            summary = Summarize(path, ImageDocument.Load(path));
        }
        catch (ImageFormatException e)
        {
            throw new CliException(what, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(what, $"cannot read the image: {e.Message}");
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(summary, CliJsonContext.Default.ImageSummary));
            return 0;
        }
        var writer = Console.Out;
        List<(string Key, string Value)> facts =
        [
            ("image", summary.Path),
            ("size", $"{Formats.Bytes(summary.Bytes)} ({summary.Bytes} bytes)"),
            ("format", $"{summary.FormatVersion}, made by .NET {summary.RuntimeVersion} at {summary.Created:yyyy-MM-dd HH:mm:ss} UTC"),
            .. summary.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)),
        ];
        var width = facts.Max(f => f.Key.Length);
        foreach (var (key, value) in facts) writer.WriteLine($"{key.PadRight(width)}  {value}");
        writer.WriteLine();
        Table(context, "APP ASSEMBLY", ["NAME", "VERSION", "MVID"],
            summary.Assemblies.Select(a => new[] { a.Name, a.Version, a.Mvid.ToString() }).ToList());
        writer.WriteLine();
        Table(context, "SECTIONS", ["SECTION", "COMPRESSION", "RAW", "STORED", "BLOCKS"],
            summary.Sections.Select(s => new[] { s.Name, s.Compression, Formats.Bytes(s.RawBytes), Formats.Bytes(s.StoredBytes), s.Blocks.ToString() }).ToList());
        if (summary.Roots.Count == 0) return 0;

        writer.WriteLine();
        writer.WriteLine($"roots: {string.Join(", ", summary.Roots)}");
        foreach (var (thread, i) in summary.Threads.Select((t, i) => (t, i)))
        {
            writer.WriteLine($"thread {i + 1}: {thread.Summary}");
            foreach (var frame in thread.Frames) writer.WriteLine($"  {frame}");
        }
        writer.WriteLine();
        writer.WriteLine($"{summary.Objects} objects");
        Table(context, "OBJECTS BY TYPE", ["TYPE", "COUNT", "BYTES"],
            summary.Types.Take(TypesShown).Select(t => new[] { t.Type, t.Count.ToString(), Formats.Bytes(t.Bytes) }).ToList());
        if (summary.Types.Count > TypesShown) writer.WriteLine($"... and {summary.Types.Count - TypesShown} more types (--json lists all)");
        return 0;
    }

    /// <summary>Types listed in the text output (largest first); --json has them all.</summary>
    private const int TypesShown = 25;

    private static ImageSummary Summarize(string path, ImageDocument image)
    {
        var header = image.Header;
        var graph = image.Graph;
        return new ImageSummary(
            path,
            image.Length,
            header.FormatVersion,
            header.RuntimeVersion,
            header.CreatedUtc,
            header.Assemblies.Select(a => new ImageSummary.Assembly(a.Name, a.Version, a.Mvid)).ToList(),
            header.Metadata,
            image.Sections.Select(s => new ImageSummary.Section(s.Name, s.Compression.ToString(), s.RawLength, s.StoredLength, s.BlockCount)).ToList(),
            graph?.RootNames ?? [],
            graph is null ? [] : ImageThreads.Read(graph),
            graph?.TypeStatistics().Select(t => new ImageSummary.TypeCount(t.TypeName, t.Count, t.Bytes)).ToList() ?? [],
            graph?.Count ?? 0);
    }

    private static void Table(CliContext context, string? title, string[] headers, List<string[]> rows) =>
        TableOutput.Write(context, headers, rows, title);
}
