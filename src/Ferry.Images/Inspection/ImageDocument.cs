using Ferry.Images.Graph;

namespace Ferry.Images.Inspection;

/// <summary>
/// An image read for showing (ferry image show): header, sections and the object graph as generic
/// objects. No app type is loaded or instantiated; the image is validated exactly as for a restore.
/// </summary>
public sealed class ImageDocument
{
    private ImageDocument(ImageHeader header, IReadOnlyList<ImageSectionInfo> sections, long length, GraphView? graph)
    {
        Header = header;
        Sections = sections;
        Length = length;
        Graph = graph;
    }

    public ImageHeader Header { get; }

    public IReadOnlyList<ImageSectionInfo> Sections { get; }

    public long Length { get; }

    /// <summary>The object graph, or null when the image holds none.</summary>
    public GraphView? Graph { get; }

    public static ImageDocument Load(string path)
    {
        using var reader = ImageReader.Open(path);
        return Load(reader);
    }

    public static ImageDocument Load(Stream stream)
    {
        using var reader = ImageReader.Open(stream);
        return Load(reader);
    }

    public static ImageDocument Load(ImageReader reader)
    {
        GraphView? graph = reader.HasSection(GraphManifest.SectionName) ? new GraphScanner(reader).Scan() : null;
        return new ImageDocument(reader.Header, reader.Sections, reader.Length, graph);
    }
}
