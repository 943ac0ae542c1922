using System.Reflection;
using Ferry.Images;
using Ferry.Images.Graph;
using Ferry.Images.Tests.Incremental;
using Ferry.Runtime;
using Ferry.Runtime.Tracking;
using Xunit.Abstractions;

namespace Ferry.Weaver.Tests;

/// <summary>
/// The BarrierSample app, woven, changes its state in every way write barriers must see (fields, arrays,
/// byrefs, framework collections, a delegate over a framework method, spans, closures, another thread),
/// with pre-copy rounds of the state taken between its steps from what <see cref="DirtyTracker"/> collected.
/// Base + rounds must read as one full write of the final state: a missed write is a difference.
/// </summary>
[Collection("runtime")]
public sealed class WriteBarrierTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ferry-barrier-tests-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _output;

    public WriteBarrierTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(Path.Combine(_dir, "app"));
    }

    private string Original()
    {
        var source = typeof(BarrierSample.Program).Assembly.Location;
        var path = Path.Combine(_dir, "app", Path.GetFileName(source));
        File.Copy(source, path, overwrite: true);
        return path;
    }

    private (object? Incremental, object? Full, bool Unknown) Run(string assemblyPath, int steps)
    {
        var assembly = SampleApp.LoadFresh(assemblyPath);
        AppProcess.Initialize([assembly], assemblyPath);
        var program = assembly.GetType("BarrierSample.Program")!;
        var state = program.GetField("State")!;
        var step = program.GetMethod("Step")!;
        state.SetValue(null, program.GetMethod("New")!.Invoke(null, null));
        var serializer = new ObjectGraphSerializer(new TypeAllowlist().AddAssembly(assembly));
        var rounds = new List<byte[]>();
        DirtyTracker.Start();
        try
        {
            using var session = serializer.BeginSession(t => t.Assembly == assembly);
            rounds.Add(Round(session, [], false, state.GetValue(null)));
            for (int i = 0; i < steps; i++)
            {
                step.Invoke(null, [i]);
                var changed = DirtyTracker.TakeChanged();
                rounds.Add(Round(session, changed, final: i == steps - 1, root: null));
                _output.WriteLine($"step {i}: {changed.Length} objects marked");
            }
            bool unknown = DirtyTracker.UnknownWrites;
            var readers = rounds.Select(b => ImageReader.Open(new MemoryStream(b))).ToList();
            var incremental = serializer.ReadRounds(readers)["state"];
            readers.ForEach(r => r.Dispose());
            var full = new MemoryStream();
            using (var w = ImageWriter.Create(full, new ImageHeader(), new ImageWriterOptions(), leaveOpen: true))
            {
                serializer.Write(w, ("state", state.GetValue(null)));
                w.Commit();
            }
            full.Position = 0;
            using var fullReader = ImageReader.Open(full);
            return (incremental, serializer.Read(fullReader)["state"], unknown);
        }
        finally
        {
            DirtyTracker.Stop();
        }
    }

    private static byte[] Round(GraphSession session, object[] changed, bool final, object? root)
    {
        var ms = new MemoryStream();
        using (var w = ImageWriter.Create(ms, new ImageHeader(), new ImageWriterOptions(), leaveOpen: true))
        {
            if (root is null) session.WriteRound(w, changed, final);
            else session.WriteRound(w, changed, final, ("state", root));
            w.Commit();
        }
        return ms.ToArray();
    }

    [Fact]
    public void EveryWriteOfTheWovenAppIsSeen()
    {
        var woven = new AppWeaver { WriteBarriers = true }.WeaveApp(Original(), Path.Combine(_dir, "woven"));
        var (incremental, full, unknown) = Run(woven.EntryAssemblyPath, 12);
        Assert.False(unknown, "a write the weaver could not attribute to an object");
        GraphOracle.AssertSame(full, incremental);
    }

    [Fact]
    public void WithoutBarriersTheRoundsMissWrites()
    {
        // The same steps in the plain app: nothing is marked, so the rounds must miss writes — the test above
        // can fail.
        var (incremental, full, _) = Run(Original(), 3);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => GraphOracle.AssertSame(full, incremental));
    }

    [Fact]
    public void TheWovenAppPrintsWhatThePlainAppPrints()
    {
        var original = Original();
        var woven = new AppWeaver { WriteBarriers = true }.WeaveApp(original, Path.Combine(_dir, "woven2"));
        string Output(string path)
        {
            var assembly = SampleApp.LoadFresh(path);
            AppProcess.Initialize([assembly], path);
            return ConsoleCapture.Run(() => (int)assembly.EntryPoint!.Invoke(null, null)!).Output;
        }
        string plain = Output(original);
        DirtyTracker.Start();
        try
        {
            Assert.Equal(plain, Output(woven.EntryAssemblyPath)); // tracking on: the barriers' slow path
        }
        finally
        {
            DirtyTracker.Stop();
        }
        Assert.Equal(plain, Output(woven.EntryAssemblyPath));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
