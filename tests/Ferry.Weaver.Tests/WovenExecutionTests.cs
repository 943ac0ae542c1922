using System.Reflection;
using Ferry.Runtime;
using Ferry.Runtime.Imaging;
using Ferry.Weaver.Instrumentation;

namespace Ferry.Weaver.Tests;

/// <summary>
/// The woven sample must behave exactly like the original: run straight through, and with a
/// checkpoint-and-continue (capture, write the image, rebuild in place) at every single safe point.
/// </summary>
[Collection("runtime")]
public sealed class WovenExecutionTests : IClassFixture<SampleApp>
{
    private readonly SampleApp _app;

    public WovenExecutionTests(SampleApp app) => _app = app;

    private static (string Output, int Exit) RunPlain(string path)
    {
        var assembly = SampleApp.LoadFresh(path);
        return ConsoleCapture.Run(() => (int)assembly.EntryPoint!.Invoke(null, [Array.Empty<string>()])!);
    }

    private (string Output, int Exit, long SafePoints) RunWoven(long checkpointEvery, string image)
    {
        var assembly = SampleApp.LoadFresh(_app.Woven.EntryAssemblyPath);
        AppProcess.Initialize([assembly], _app.Woven.EntryAssemblyPath);
        TestMode.Configure(0, checkpointEvery, limit: 1, checkpointEvery > 0 ? image : null, null);
        var (output, exit) = ConsoleCapture.Run(() => AppProcess.Run(assembly.EntryPoint!, []));
        return (output, exit, TestMode.SafePoints);
    }

    [Fact]
    public void WovenRunPrintsWhatThePlainRunPrints()
    {
        var plain = RunPlain(_app.OriginalPath);
        var woven = RunWoven(0, "");
        Assert.Equal(7, plain.Exit);
        Assert.Equal(plain.Output, woven.Output);
        Assert.Equal(plain.Exit, woven.Exit);
        Assert.True(woven.SafePoints > 20, $"only {woven.SafePoints} safe points were reached");
    }

    [Fact]
    public void CheckpointAndContinueAtEverySafePointChangesNothing()
    {
        var plain = RunPlain(_app.OriginalPath);
        var total = RunWoven(0, "").SafePoints;
        var image = Path.Combine(_app.Directory, "every.img");
        var taken = 0;
        for (long n = 1; n <= total; n++)
        {
            File.Delete(image);
            var run = RunWoven(n, image);
            Assert.True(plain.Output == run.Output, $"checkpoint at safe point {n} changed the output:\n{run.Output}");
            Assert.Equal(plain.Exit, run.Exit);
            if (File.Exists(image)) taken++;
        }
        // Some points fall where a thread cannot be saved (e.g. inside the string interpolation of a call);
        // the checkpoint is then taken at a later safe point or not at all — but most must succeed.
        Assert.True(taken > total / 2, $"only {taken} of {total} checkpoints were written");
    }

    /// <summary>
    /// After a rebuild the rebuilt invocations run in the resumable copies (M$resume) with the fast
    /// copies' frames below them, stopped at their forwarding calls; later checkpoints must save
    /// through both and rebuild again without changing anything.
    /// </summary>
    [Fact]
    public void RepeatedCheckpointsThroughRebuiltFramesChangeNothing()
    {
        var plain = RunPlain(_app.OriginalPath);
        var total = RunWoven(0, "").SafePoints;
        var image = Path.Combine(_app.Directory, "repeated.img");
        var reports = new List<string>();
        // Every second safe point: a rebuild re-invokes the safe point it stopped at, which counts too,
        // so the app still moves on between checkpoints.
        var assembly = SampleApp.LoadFresh(_app.Woven.EntryAssemblyPath);
        AppProcess.Initialize([assembly], _app.Woven.EntryAssemblyPath);
        TestMode.Configure(0, 2, limit: 1000, image, null, line => { lock (reports) reports.Add(line); });
        var (output, exit) = ConsoleCapture.Run(() => AppProcess.Run(assembly.EntryPoint!, []));

        Assert.True(plain.Output == output, $"checkpoints at every safe point of one run changed the output:\n{output}");
        Assert.Equal(plain.Exit, exit);
        var taken = reports.Count(r => !r.Contains("refused"));
        Assert.True(taken > total / 2, $"only {taken} of {total} checkpoints were taken:\n{string.Join('\n', reports)}");
        Assert.DoesNotContain(reports, r => r.Contains(ResumableCopy.Suffix));
    }
}

[CollectionDefinition("runtime", DisableParallelization = true)]
public sealed class RuntimeCollection;
