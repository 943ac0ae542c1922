using System.Reflection;
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

    /// <summary>
    /// <paramref name="program"/>'s <c>New()</c> into its <c>State</c>, then <paramref name="steps"/> calls of
    /// <c>Step(i)</c>, a pre-copy round after each (the last one final).
    /// </summary>
    internal static (object? Incremental, object? Full, bool Unknown) Run(string assemblyPath, int steps, string program, ITestOutputHelper output)
    {
        var assembly = SampleApp.LoadFresh(assemblyPath);
        AppProcess.Initialize([assembly], assemblyPath);
        var type = assembly.GetType(program)!;
        var state = type.GetField("State")!;
        var step = type.GetMethod("Step")!;
        state.SetValue(null, type.GetMethod("New")!.Invoke(null, null));
        using var rounds = new BarrierRounds(assembly, state.GetValue(null));
        for (int i = 0; i < steps; i++)
        {
            step.Invoke(null, [i]);
            output.WriteLine($"step {i}: {rounds.Next(final: i == steps - 1)} objects marked");
        }
        return rounds.Finish(state.GetValue(null));
    }

    private (object? Incremental, object? Full, bool Unknown) Run(string assemblyPath, int steps) =>
        Run(assemblyPath, steps, "BarrierSample.Program", _output);

    [Fact]
    public void EveryWriteOfTheWovenAppIsSeen()
    {
        var woven = new AppWeaver { WriteBarriers = true }.WeaveApp(Original(), Path.Combine(_dir, "woven"));
        var (incremental, full, unknown) = Run(woven.EntryAssemblyPath, 12);
        Assert.False(unknown, "a write the weaver could not attribute to an object");
        GraphOracle.AssertSame(full, incremental);
    }

    [Fact]
    public void AppsAreWovenWithBarriersByDefault()
    {
        // Pre-copy refuses an assembly without the marker; FERRY_WRITE_BARRIERS=0 is the only way to get one.
        var woven = new AppWeaver().WeaveApp(Original(), Path.Combine(_dir, "default"));
        var marker = SampleApp.LoadFresh(woven.EntryAssemblyPath).GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == AppWeaver.WriteBarriersMarker);
        Assert.Equal("1", marker?.Value);
        Assert.False(new AppWeaver().OutputVersion == new AppWeaver { WriteBarriers = false }.OutputVersion);
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
