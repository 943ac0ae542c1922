using Ferry.Images.Tests.Incremental;
using Ferry.Runtime;
using Ferry.Runtime.Imaging;
using Ferry.Runtime.Tracking;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit.Abstractions;

namespace Ferry.Weaver.Tests;

/// <summary>
/// Writes in loops, where the weaver gives barriers a fast loop and a slow copy (BarrierLoopSplitter): every
/// loop shape of BarrierSample's <c>LoopProgram</c> (for, while, do, foreach, nested, break, return, continue,
/// exceptions out of the loop, ref locals, spans, struct arrays, a try inside, a target that changes), and a
/// loop already running when tracking is switched on from another thread (<c>Spinner</c>). A pre-copy round
/// taken after the writes must have seen them all.
/// </summary>
[Collection("runtime")]
public sealed class LoopBarrierTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ferry-loop-barrier-tests-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _output;

    public LoopBarrierTests(ITestOutputHelper output)
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

    private string Woven(string name = "woven") => new AppWeaver { WriteBarriers = true }.WeaveApp(Original(), Path.Combine(_dir, name)).EntryAssemblyPath;

    [Fact]
    public void EveryWriteInALoopIsSeen()
    {
        var (incremental, full, unknown) = WriteBarrierTests.Run(Woven(), 12, "BarrierSample.LoopProgram", _output);
        Assert.False(unknown, "a write the weaver could not attribute to an object");
        GraphOracle.AssertSame(full, incremental);
    }

    [Fact]
    public void WithoutBarriersTheLoopRoundsMissWrites()
    {
        var (incremental, full, _) = WriteBarrierTests.Run(Original(), 3, "BarrierSample.LoopProgram", _output);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => GraphOracle.AssertSame(full, incremental));
    }

    [Fact]
    public void TheLoopsHaveFastCopies()
    {
        // Otherwise the tests above would not run the fast loops: a barrier there is a test jumping to the copy.
        using var module = ModuleDefinition.ReadModule(Woven());
        var step = module.GetType("BarrierSample.LoopProgram").Methods.Single(m => m.Name == "Step");
        int fastTests = step.Body.Instructions.Count(i =>
            i.OpCode.Code == Code.Ldsfld && ((FieldReference)i.Operand).FullName.Contains("DirtyTracker::Active")
            && i.Next.OpCode.Code is Code.Brtrue or Code.Brtrue_S);
        _output.WriteLine($"{fastTests} barrier tests jump to a slow copy");
        Assert.True(fastTests >= 15, $"only {fastTests} barriers in fast loops");
    }

    [Fact]
    public void TheWovenLoopsComputeWhatThePlainLoopsCompute()
    {
        long Checksum(string path)
        {
            var assembly = SampleApp.LoadFresh(path);
            AppProcess.Initialize([assembly], path);
            return (long)assembly.GetType("BarrierSample.LoopProgram")!.GetMethod("Run")!.Invoke(null, null)!;
        }
        var original = Original();
        var woven = Woven();
        long plain = Checksum(original);
        Assert.Equal(plain, Checksum(woven));
        DirtyTracker.Start();
        try
        {
            Assert.Equal(plain, Checksum(woven)); // every loop leaves for its slow copy at its first barrier
        }
        finally
        {
            DirtyTracker.Stop();
        }
    }

    [Fact]
    public void CheckpointsInsideTheSlowCopiesChangeNothing()
    {
        // Tracking on: loops run in their copies, where the capture polls and sites are too; a checkpoint-and-continue
        // at every second safe point saves and rebuilds frames stopped there.
        var original = Original();
        var expected = (long)SampleApp.LoadFresh(original).GetType("BarrierSample.LoopProgram")!.GetMethod("Run")!.Invoke(null, null)!;
        var woven = Woven();
        var assembly = SampleApp.LoadFresh(woven);
        AppProcess.Initialize([assembly], woven);
        var reports = new List<string>();
        TestMode.Configure(0, 2, limit: 1000, Path.Combine(_dir, "loops.img"), null, line => { lock (reports) reports.Add(line); });
        DirtyTracker.Start();
        try
        {
            var (output, exit) = ConsoleCapture.Run(() => AppProcess.Run(assembly.GetType("BarrierSample.LoopProgram")!.GetMethod("LoopMain")!, []));
            Assert.Equal(0, exit);
            Assert.Equal(expected.ToString(), output.Trim());
        }
        finally
        {
            DirtyTracker.Stop();
            TestMode.Configure(0, 0, 1, null, null);
        }
        int taken = reports.Count(r => !r.Contains("refused"));
        _output.WriteLine($"{taken} checkpoints taken, {reports.Count - taken} refused");
        Assert.True(taken > 20, $"only {taken} checkpoints were taken:\n{string.Join('\n', reports)}");
    }

    [Fact]
    public void TrackingSwitchedOnWhileALoopRunsMissesNothing()
    {
        var woven = Woven();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var (incremental, full, unknown) = SpinWhileTracked(woven, rounds: 2 + attempt);
            Assert.False(unknown);
            GraphOracle.AssertSame(full, incremental);
        }
    }

    [Fact]
    public void WithoutBarriersARunningLoopsWritesAreMissed()
    {
        var (incremental, full, _) = SpinWhileTracked(Original(), rounds: 2);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => GraphOracle.AssertSame(full, incremental));
    }

    /// <summary>
    /// Spinner.Run on a thread of its own, started with tracking off; once it has looped a while: tracking on, the
    /// base round and <paramref name="rounds"/> rounds while it keeps writing, then it is stopped and the final round taken.
    /// </summary>
    private (object? Incremental, object? Full, bool Unknown) SpinWhileTracked(string path, int rounds)
    {
        var assembly = SampleApp.LoadFresh(path);
        AppProcess.Initialize([assembly], path);
        var spinner = assembly.GetType("BarrierSample.Spinner")!;
        var state = spinner.GetField("State")!;
        var stop = spinner.GetField("StopRequested")!;
        var iterations = spinner.GetField("Iterations")!;
        long Iterations() => (long)iterations.GetValue(null)!;
        state.SetValue(null, spinner.GetMethod("New")!.Invoke(null, null));
        stop.SetValue(null, false);
        var thread = new Thread(() => spinner.GetMethod("Run")!.Invoke(null, null)) { IsBackground = true };
        thread.Start();
        try
        {
            WaitUntil(() => Iterations() >= 20);
            using var tracked = new BarrierRounds(assembly, state.GetValue(null));
            long atStart = Iterations();
            for (int r = 0; r < rounds; r++)
            {
                long before = Iterations();
                WaitUntil(() => Iterations() >= before + 3); // it wrote on between the rounds
                _output.WriteLine($"round {r + 1}: {tracked.Next()} objects marked");
            }
            stop.SetValue(null, true);
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the spinning loop did not stop");
            _output.WriteLine($"final: {tracked.Next(final: true)} objects marked; {Iterations() - atStart} iterations while tracked");
            return tracked.Finish(state.GetValue(null));
        }
        finally
        {
            stop.SetValue(null, true);
            thread.Join(TimeSpan.FromSeconds(30));
        }
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the spinning loop made no progress");
            Thread.Sleep(1);
        }
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
