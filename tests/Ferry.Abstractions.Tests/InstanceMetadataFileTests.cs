using Ferry.Abstractions.Instances;

namespace Ferry.Abstractions.Tests;

public sealed class InstanceMetadataFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string MetadataPath => Path.Combine(_dir.Path, "instance.json");

    public void Dispose() => _dir.Dispose();

    private static InstanceInfo Sample => new()
    {
        Id = "0123456789ab",
        Name = "counter-1",
        App = "/apps/Counter.dll",
        WovenApp = "/home/.ferry/cache/x/Counter.dll",
        Args = ["a", "--b"],
        State = InstanceState.Checkpointed,
        Pid = 42,
        PidStartTime = 4242,
        ExitCode = 75,
        CreatedAt = DateTimeOffset.Parse("2025-01-02T03:04:05Z"),
        RestoredFrom = "/images/x.ferry",
    };

    [Fact]
    public void Round_trips()
    {
        InstanceMetadataFile.Write(MetadataPath, Sample);
        var back = InstanceMetadataFile.TryRead(MetadataPath)!;
        Assert.Equal(Sample with { Args = [] }, back with { Args = [] });
        Assert.Equal(Sample.Args, back.Args);
    }

    [Fact]
    public void States_are_words_and_derived_values_are_not_stored()
    {
        InstanceMetadataFile.Write(MetadataPath, Sample);
        var json = File.ReadAllText(MetadataPath);
        Assert.Contains("\"state\": \"checkpointed\"", json);
        Assert.DoesNotContain("hasEnded", json);
        Assert.DoesNotContain("\"error\"", json); // nulls are left out
    }

    [Fact]
    public void Missing_or_damaged_records_read_as_null()
    {
        Assert.Null(InstanceMetadataFile.TryRead(MetadataPath));
        File.WriteAllText(MetadataPath, "{ not json");
        Assert.Null(InstanceMetadataFile.TryRead(MetadataPath));
    }

    [Fact]
    public void Writing_leaves_no_temporary_file()
    {
        InstanceMetadataFile.Write(MetadataPath, Sample);
        Assert.Equal(["instance.json"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Image_metadata_names_the_app_and_instance()
    {
        var metadata = ImageMetadataKeys.For(Sample);
        Assert.Equal(Sample.App, metadata[ImageMetadataKeys.App]);
        Assert.Equal(Sample.WovenApp, metadata[ImageMetadataKeys.WovenApp]);
        Assert.Equal(Sample.Id, metadata[ImageMetadataKeys.InstanceId]);
        Assert.Equal(Sample.Name, metadata[ImageMetadataKeys.InstanceName]);
    }
}
