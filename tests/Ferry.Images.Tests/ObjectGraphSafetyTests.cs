using System.Diagnostics.CodeAnalysis;
using Ferry.Images.Graph;
using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

public class ObjectGraphSafetyTests
{
    [Fact]
    public void WritingAFileStreamNamesThePath()
    {
        string path = Path.GetTempFileName();
        try
        {
            using var file = File.OpenRead(path);
            var statics = new Dictionary<string, object?> { ["Program.s_name"] = "x", ["Program.s_holder"] = new HoldsFile { File = file } };
            var s = new ObjectGraphSerializer(Allowlist());
            var ex = Assert.Throws<ImageWriteException>(() => Write(s, ("statics", statics)));
            Assert.Equal(typeof(FileStream), ex.OffendingType);
            Assert.Equal("statics[Program.s_holder] HoldsFile.File → FileStream", ex.Path);
            Assert.Equal("statics[Program.s_holder] HoldsFile.File → FileStream: type not allowed in images", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PointerFieldsAreRefused()
    {
        var ex = Assert.Throws<ImageWriteException>(() => Copy(new object[] { new HoldsPointer() }));
        Assert.Contains("pointer", ex.Message);
        Assert.Contains("root[0]", ex.Message);
    }

    [Fact]
    public void ThreadsAndTypesOutsideTheAllowlistAreRefused()
    {
        Assert.Contains("Thread: type not allowed", Assert.Throws<ImageWriteException>(() => Copy(new Holder { Item = Thread.CurrentThread })).Message);
        Assert.Contains("type not allowed", Assert.Throws<ImageWriteException>(() => Copy(new Holder { Item = typeof(int) })).Message);
        Assert.Contains("not allowed", Assert.Throws<ImageWriteException>(() => Copy(new Holder { Item = new List<Stream>() })).Message);
    }

    [Fact]
    public void AFailedWriteLeavesNoImageBehind()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ferry-graph-" + Guid.NewGuid().ToString("N"));
        string target = Path.Combine(dir, "x.img");
        try
        {
            var s = new ObjectGraphSerializer(Allowlist());
            using (var w = ImageWriter.Create(target, new ImageHeader()))
            {
                Assert.Throws<ImageWriteException>(() => s.Write(w, ("root", new Holder { Item = Thread.CurrentThread })));
            }
            Assert.False(File.Exists(target));
            Assert.Empty(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ACraftedImageNamingAForbiddenTypeIsRefusedBeforeInstantiation()
    {
        // The writing side allows Forbidden; the reading side (no test assembly) does not: a valid image
        // that names a type the reader must not create.
        var writer = new ObjectGraphSerializer(new TypeAllowlist().AddType(typeof(Holder)).AddType(typeof(Forbidden)));
        var bytes = Write(writer, ("root", new Holder { Item = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(Forbidden)) }));
        Forbidden.Touched = false;
        var reader = new ObjectGraphSerializer(new TypeAllowlist().AddType(typeof(Holder)));
        var ex = Assert.Throws<ImageFormatException>(() => Read(reader, bytes));
        Assert.Equal("type 'Ferry.Images.Tests.Forbidden' (assembly 'Ferry.Images.Tests') is not allowed in images", ex.Message);
        Assert.False(Forbidden.Touched);
    }

    [Fact]
    public void AForbiddenGenericArgumentIsRefused()
    {
        var writer = new ObjectGraphSerializer(new TypeAllowlist().AddType(typeof(Forbidden)));
        var bytes = Write(writer, ("root", new List<Forbidden>()));
        var ex = Assert.Throws<ImageFormatException>(() => Read(new ObjectGraphSerializer(new TypeAllowlist()), bytes));
        Assert.Contains("Forbidden", ex.Message);
    }

    [Fact]
    public void SurrogatesStandInAndResolveToOneObject()
    {
        var thing = new NativeThing(7);
        var surrogates = new ThingSurrogates();
        var copy = Copy(new object[] { thing, new Holder { Item = thing } }, surrogates);
        var restored = Assert.IsType<NativeThing>(copy[0]);
        Assert.Equal(7, restored.Id);
        Assert.Equal(IntPtr.Zero, restored.Handle);
        Assert.Same(restored, ((Holder)copy[1]).Item);
        Assert.Equal(1, surrogates.Resolved);
    }

    [Fact]
    public void ASurrogateInTheImageNeedsAResolver()
    {
        var s = new ObjectGraphSerializer(Allowlist(), new ThingSurrogates());
        var bytes = Write(s, ("root", new NativeThing(1)));
        var ex = Assert.Throws<ImageFormatException>(() => Read(new ObjectGraphSerializer(Allowlist()), bytes));
        Assert.Contains("no surrogate resolver", ex.Message);
    }

    [Fact]
    public void EveryTruncationAndBitFlipOfAGraphImageIsRefused()
    {
        var s = new ObjectGraphSerializer(Allowlist());
        var dog = new Dog("rex", new Point { X = 1, Label = "p" }) { Friend = new Animal("cat", 4) };
        var bytes = Write(s, ("threads", new object[] { dog, new Dictionary<string, int> { ["a"] = 1 } }), ("statics", new List<string> { "x", "y" }));
        Assert.NotNull(Read(s, bytes)["threads"]);
        for (int len = 0; len < bytes.Length; len++)
        {
            Assert.Throws<ImageFormatException>(() => Read(s, bytes[..len]));
        }
        var rnd = new Random(2024);
        for (int i = 0; i < 300; i++)
        {
            var copy = (byte[])bytes.Clone();
            int bit = rnd.Next(copy.Length * 8);
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<ImageFormatException>(() => Read(s, copy));
        }
    }

    [Fact]
    public void ImagesWithoutAGraphOrFromAnotherRuntimeAreRefused()
    {
        var s = new ObjectGraphSerializer(Allowlist());
        var ms = new MemoryStream();
        using (var w = ImageWriter.Create(ms, new ImageHeader(), leaveOpen: true))
        {
            w.AddSection("other", [1]);
            w.Commit();
        }
        Assert.Contains("no object graph", Assert.Throws<ImageFormatException>(() => Read(s, ms.ToArray())).Message);

        ms = new MemoryStream();
        using (var w = ImageWriter.Create(ms, new ImageHeader { RuntimeVersion = "9.0.3" }, leaveOpen: true))
        {
            s.Write(w, ("root", 1));
            w.Commit();
        }
        Assert.StartsWith("runtime mismatch", Assert.Throws<ImageFormatException>(() => Read(s, ms.ToArray())).Message);
    }

    private sealed class ThingSurrogates : IObjectSurrogates
    {
        public int Resolved;

        public bool Handles(Type type) => type == typeof(NativeThing);

        public bool TrySubstitute(object value, [NotNullWhen(true)] out object? surrogate)
        {
            surrogate = new NativeThingSurrogate { Id = ((NativeThing)value).Id };
            return true;
        }

        public object Resolve(object surrogate)
        {
            Resolved++;
            return new NativeThing(((NativeThingSurrogate)surrogate).Id) { Handle = IntPtr.Zero };
        }
    }
}
