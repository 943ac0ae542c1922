using Ferry.Images.Container;

namespace Ferry.Images;

/// <summary>
/// An image opened for reading. <see cref="Open(string, ImageReadOptions?)"/> validates the whole image
/// (structure, lengths, every checksum) before returning, so a reader that exists is a sound image.
/// </summary>
public sealed class ImageReader : IDisposable
{
    private readonly ImageSource _source;
    private readonly Dictionary<string, ImageSectionInfo> _byName;

    private ImageReader(ImageSource source, ImageHeader header, List<ImageSectionInfo> sections)
    {
        _source = source;
        Header = header;
        Sections = sections;
        _byName = sections.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public ImageHeader Header { get; }

    /// <summary>Sections in the order they were written.</summary>
    public IReadOnlyList<ImageSectionInfo> Sections { get; }

    /// <summary>Size of the image in bytes.</summary>
    public long Length => _source.Length;

    /// <summary>Opens and validates the image file at <paramref name="path"/>.</summary>
    public static ImageReader Open(string path, ImageReadOptions? options = null)
    {
        ImageSource source;
        try
        {
            source = ImageSource.FromFile(path);
        }
        catch (FileNotFoundException)
        {
            throw new ImageFormatException($"image '{path}' does not exist");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ImageFormatException($"image '{path}' does not exist");
        }
        return Open(source, options);
    }

    /// <summary>Opens and validates an image from a stream (read from its current position to its end).</summary>
    public static ImageReader Open(Stream stream, ImageReadOptions? options = null) => Open(ImageSource.FromStream(stream), options);

    private static ImageReader Open(ImageSource source, ImageReadOptions? options)
    {
        try
        {
            var (header, sections) = ImageValidator.Validate(source);
            Check(header, options ?? ImageReadOptions.Default);
            return new ImageReader(source, header, sections);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public bool HasSection(string name) => _byName.ContainsKey(name);

    public ImageSectionInfo GetSection(string name) =>
        _byName.TryGetValue(name, out var s) ? s : throw new ImageFormatException($"image has no section '{name}'");

    /// <summary>Reads a section's raw bytes as a stream.</summary>
    public ImageSectionReader OpenSection(string name) => new(_source, GetSection(name));

    /// <summary>Reads a whole section into memory.</summary>
    public byte[] ReadSection(string name)
    {
        var info = GetSection(name);
        if (info.RawLength > Array.MaxLength)
        {
            throw new ImageFormatException($"section '{name}' is too large to read at once");
        }
        var result = new byte[info.RawLength];
        using var s = OpenSection(name);
        s.ReadExactly(result);
        return result;
    }

    public void Dispose() => _source.Dispose();

    private static void Check(ImageHeader header, ImageReadOptions options)
    {
        if (options.RequireCurrentRuntime)
        {
            EnsureRuntime(header);
        }
        if (options.ExpectedAssemblies is { } expected)
        {
            foreach (var want in expected)
            {
                var have = header.Assemblies.FirstOrDefault(a => a.Name == want.Name)
                    ?? throw new ImageFormatException($"image was not made from app assembly '{want.Name}'");
                if (!have.SameBuildAs(want))
                {
                    throw new ImageFormatException($"image was made from another build of '{want.Name}' (image {have.Mvid}, here {want.Mvid})");
                }
            }
            foreach (var have in header.Assemblies)
            {
                if (!expected.Any(e => e.Name == have.Name))
                {
                    throw new ImageFormatException($"image needs app assembly '{have.Name}', which is not loaded here");
                }
            }
        }
    }

    /// <summary>Throws unless the image was made by the same .NET major.minor version as this process.</summary>
    public static void EnsureRuntime(ImageHeader header)
    {
        var here = Environment.Version;
        if (!Version.TryParse(header.RuntimeVersion, out var made) || made.Major != here.Major || made.Minor != here.Minor)
        {
            throw new ImageFormatException($"runtime mismatch: image was made by .NET {header.RuntimeVersion}, this process runs .NET {here}");
        }
    }
}
