using Ferry.Images.Graph;
using Ferry.Images.Inspection;
using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

public sealed class Frame
{
    public string Method = "";
    public int Resume;
    public object?[] Slots = [];
}

public sealed class ThreadRecord
{
    public string Name = "";
    public List<Frame> Frames = new();
}

public class ImageDocumentTests
{
    private static byte[] SampleImage()
    {
        var s = new ObjectGraphSerializer(Allowlist());
        var shared = new Point { X = 1, Y = 2, Label = "p" };
        var thread = new ThreadRecord
        {
            Name = "main",
            Frames =
            {
                new Frame { Method = "Program.Main", Resume = 3, Slots = [42, "hello", shared, new int[] { 1, 2, 3 }] },
                new Frame { Method = "Program.Loop", Resume = 1, Slots = [new Dictionary<string, int> { ["a"] = 1 }, null] },
            },
        };
        return Write(s, ("threads", new List<ThreadRecord> { thread }), ("statics", new object?[] { 1.5m, new DateTime(2020, 1, 1), new Random(3), (Func<int, int>)Counter.Twice }));
    }

    [Fact]
    public void ShowsTheGraphWithoutAppTypes()
    {
        var doc = ImageDocument.Load(new MemoryStream(SampleImage()));
        var graph = doc.Graph!;
        Assert.Equal(["threads", "statics"], graph.RootNames);
        var threads = graph.Root("threads")!;
        Assert.Equal("List<Ferry.Images.Tests.ThreadRecord>", threads.TypeName);
        Assert.Equal("list", threads.Kind);
        var thread = graph.Resolve(threads.Items[0])!;
        Assert.Equal("main", graph.Resolve(thread["Name"])!.Value);
        var frames = graph.Resolve(thread["Frames"])!;
        var main = graph.Resolve(frames.Items[0])!;
        Assert.Equal("Ferry.Images.Tests.Frame", main.TypeName);
        Assert.Equal("Program.Main", graph.Resolve(main["Method"])!.Value);
        Assert.Equal(3, main["Resume"].Value);
        var slots = graph.Resolve(main["Slots"])!;
        Assert.Equal(42, graph.Resolve(slots.Items[0])!.Value);
        var point = graph.Resolve(slots.Items[2])!;
        Assert.Equal("struct", point.Kind);
        Assert.Equal(2, point["Y"].Value);
        Assert.Equal(new[] { 1, 2, 3 }, (int[])graph.Resolve(slots.Items[3])!.PrimitiveItems!);
        var loop = graph.Resolve(frames.Items[1])!;
        var dict = graph.Resolve(graph.Resolve(loop["Slots"])!.Items[0])!;
        Assert.Equal("a", graph.Resolve(dict.Entries[0].Key)!.Value);
        Assert.Equal(1, dict.Entries[0].Value.Value);
        var stats = graph.TypeStatistics();
        Assert.Equal(2, stats.Single(t => t.TypeName == "Ferry.Images.Tests.Frame").Count);
        Assert.Contains(doc.Sections, s => s.Name == "threads");
        Assert.Equal(graph.Count, stats.Sum(t => t.Count));
        Assert.True(graph.Objects.All(o => o.Size > 0));
    }

    [Fact]
    public void BadImagesAreRefusedByInspectionToo()
    {
        var bytes = SampleImage();
        for (int len = 0; len < bytes.Length; len += 7)
        {
            Assert.Throws<ImageFormatException>(() => ImageDocument.Load(new MemoryStream(bytes[..len])));
        }
        var rnd = new Random(77);
        for (int i = 0; i < 200; i++)
        {
            var copy = (byte[])bytes.Clone();
            int bit = rnd.Next(copy.Length * 8);
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<ImageFormatException>(() => ImageDocument.Load(new MemoryStream(copy)));
        }
    }

    [Fact]
    public void ImagesWithoutAGraphHaveNoGraphView()
    {
        var doc = ImageDocument.Load(new MemoryStream(ImageContainerTests.SmallImage()));
        Assert.Null(doc.Graph);
        Assert.Equal(3, doc.Sections.Count);
    }
}
