using Mono.Cecil;

namespace Ferry.Weaver.Tests;

/// <summary>What the weaver instruments, and what it must leave alone.</summary>
public sealed class WeavingPlanTests : IClassFixture<SampleApp>
{
    private readonly SampleApp _app;

    public WeavingPlanTests(SampleApp app) => _app = app;

    private HashSet<string> CapturableMethods()
    {
        using var module = ModuleDefinition.ReadModule(_app.Woven.EntryAssemblyPath);
        return module.GetTypes().SelectMany(t => t.Methods)
            .Where(m => m.CustomAttributes.Any(a => a.AttributeType.Name == "CapturableAttribute"))
            .Select(m => m.DeclaringType.Name + "::" + m.Name)
            .ToHashSet();
    }

    [Fact]
    public void MethodsThatReachASafePointAreCapturable()
    {
        var methods = CapturableMethods();
        Assert.Contains("Program::Main", methods);
        Assert.Contains("Program::Step", methods);            // a loop
        Assert.Contains("Square::Area", methods);             // reached through an interface call
        Assert.Contains("Program::Throws", methods);
        Assert.Contains(methods, m => m.Contains("MoveNext")); // the iterator
    }

    [Fact]
    public void LeafMethodsStayUntouched()
    {
        var methods = CapturableMethods();
        Assert.DoesNotContain("IntAccumulator::Add", methods);
        Assert.DoesNotContain(methods, m => m.EndsWith("::.ctor"));
    }

    [Fact]
    public void TheWovenAssemblyIsMarkedAndWeavingItAgainIsRefused()
    {
        var again = Path.Combine(_app.Directory, "again");
        var e = Assert.Throws<WeavingException>(() => new AppWeaver().WeaveApp(_app.Woven.EntryAssemblyPath, again));
        Assert.Contains("already woven", e.Message);
    }

    [Fact]
    public void MissingFileIsRefusedWithOneLine()
    {
        var e = Assert.Throws<WeavingException>(() => new AppWeaver().WeaveApp(Path.Combine(_app.Directory, "nope.dll"), _app.Directory));
        Assert.Contains("no such file", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void NonDotNetFileIsRefused()
    {
        var dir = Path.Combine(_app.Directory, "native");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "fake.dll");
        File.WriteAllBytes(path, [0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3, 4]);
        var e = Assert.Throws<WeavingException>(() => new AppWeaver().WeaveApp(path, Path.Combine(dir, "out")));
        Assert.Contains("not a .NET assembly", e.Message);
    }

    [Fact]
    public void LibraryWithoutEntryPointIsRefused()
    {
        var dir = Path.Combine(_app.Directory, "lib");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "Mono.Cecil.dll");
        File.Copy(typeof(ModuleDefinition).Assembly.Location, path);
        var e = Assert.Throws<WeavingException>(() => new AppWeaver().WeaveApp(path, Path.Combine(dir, "out")));
        Assert.Contains("no entry point", e.Message);
    }
}
