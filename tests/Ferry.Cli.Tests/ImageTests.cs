using System.Text.Json;
using Ferry.Abstractions.Instances;
using Ferry.Images;

namespace Ferry.Cli.Tests;

/// <summary>ferry image show and ferry restore's refusal of bad images, on images made with Ferry.Images directly.</summary>
public sealed class ImageTests : IDisposable
{
    private readonly FerryCli _ferry = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-img").FullName;

    public void Dispose()
    {
        _ferry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A valid image naming Hello's build, with two small sections.</summary>
    private string MakeImage(string name = "hello.ferry")
    {
        var path = Path.Combine(_dir, name);
        var hello = System.Reflection.AssemblyName.GetAssemblyName(FerryCli.Hello);
        var mvid = ReadMvid(FerryCli.Hello);
        var header = new ImageHeader
        {
            Assemblies = [new AppAssemblyIdentity(hello.Name!, hello.Version!.ToString(), mvid, [])],
            Metadata = new Dictionary<string, string> { [ImageMetadataKeys.App] = FerryCli.Hello, [ImageMetadataKeys.InstanceName] = "hello-1" },
        };
        using var writer = ImageWriter.Create(path, header);
        using (var section = writer.BeginSection("threads")) section.Write(new byte[1000]);
        using (var section = writer.BeginSection("objects")) section.Write(Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());
        writer.Commit();
        return path;
    }

    private static Guid ReadMvid(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return reader.GetGuid(reader.GetModuleDefinition().Mvid);
    }

    [Fact]
    public void Image_show_prints_header_assemblies_and_sections()
    {
        var image = MakeImage();
        var text = _ferry.Ok("image", "show", image);
        Assert.Matches($@"(?m)^image\s+{System.Text.RegularExpressions.Regex.Escape(image)}$", text);
        Assert.Matches(@"(?m)^ferry\.instanceName\s+hello-1$", text);
        Assert.Matches(@"(?m)^Hello\s+\S+\s+[0-9a-f-]{36}$", text);
        Assert.Matches(@"(?m)^threads\s+\S+\s+1000 B\s+", text);
        Assert.Matches(@"(?m)^objects\s+\S+\s+4\.9 KiB\s+", text);
    }

    [Fact]
    public void Image_show_json()
    {
        using var doc = JsonDocument.Parse(_ferry.Ok("image", "show", "--json", MakeImage()));
        var root = doc.RootElement;
        Assert.Equal(["threads", "objects"], root.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal("Hello", root.GetProperty("assemblies")[0].GetProperty("name").GetString());
        Assert.Equal(Environment.Version.ToString(), root.GetProperty("runtimeVersion").GetString());
    }

    [Fact]
    public void Every_truncation_of_an_image_is_refused_with_one_line_and_nothing_made()
    {
        var whole = File.ReadAllBytes(MakeImage());
        var cut = Path.Combine(_dir, "cut.ferry");
        // A spread of cut points (every length is Ferry.Images' unit tests' job; here each costs two process starts).
        int[] lengths = [0, 1, 7, 8, 16, 40, whole.Length / 3, whole.Length / 2, whole.Length - 41, whole.Length - 9, whole.Length - 8, whole.Length - 1];
        foreach (var length in lengths)
        {
            File.WriteAllBytes(cut, whole[..length]);
            foreach (var command in new[] { new[] { "restore", cut }, new[] { "image", "show", cut } })
            {
                var result = _ferry.Run(command);
                Assert.True(result.ExitCode == 1, $"{length} bytes: {result}");
                Assert.StartsWith($"ferry: {command[0]}", result.Stderr);
                Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }
        Assert.Empty(_ferry.InstanceDirs());
    }

    [Fact]
    public void A_corrupted_image_is_refused()
    {
        var bytes = File.ReadAllBytes(MakeImage());
        bytes[bytes.Length / 2] ^= 0x40;
        var bad = Path.Combine(_dir, "flipped.ferry");
        File.WriteAllBytes(bad, bytes);
        var result = _ferry.Run("restore", bad);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"ferry: restore {bad}: ", result.Stderr);
        Assert.Empty(_ferry.InstanceDirs());
    }

    [Fact]
    public void A_foreign_file_and_a_missing_one_are_refused()
    {
        var result = _ferry.Run("restore", "/etc/hostname");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("ferry: restore /etc/hostname: ", result.Stderr);
        Assert.StartsWith($"ferry: restore {_dir}/none.ferry: ", _ferry.Run("restore", Path.Combine(_dir, "none.ferry")).Stderr);
        Assert.Empty(_ferry.InstanceDirs());
    }

    [Fact]
    public void An_image_of_another_build_of_the_app_is_refused_before_anything_starts()
    {
        var path = Path.Combine(_dir, "other.ferry");
        var header = new ImageHeader
        {
            Assemblies = [new AppAssemblyIdentity("Hello", "1.0.0.0", Guid.NewGuid(), [])],
            Metadata = new Dictionary<string, string> { [ImageMetadataKeys.App] = FerryCli.Hello },
        };
        using (var writer = ImageWriter.Create(path, header))
        {
            using (var section = writer.BeginSection("threads")) section.Write(new byte[10]);
            writer.Commit();
        }
        var result = _ferry.Run("restore", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"ferry: restore {path}: the build of the app it was made from ({FerryCli.Hello}) is not here any more\n", result.Stderr);
        Assert.Empty(_ferry.InstanceDirs());
    }
}
