using System.Diagnostics;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Node.Api;
using Ferry.Node.Bundles;
using Ferry.Node.Instances;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Migration;

/// <summary>
/// The source's <see cref="MigrationPhase.Precopy"/>: the host writes the base round while the app runs (its
/// control op <c>precopy-begin</c>), then a round of what the app changed since (<c>precopy-round</c>), and each
/// round goes to the target (PutRound) as soon as it is written. The rounds stop when one of these holds:
/// <list type="bullet">
/// <item>the last round would take at most <see cref="SmallEnough"/> to send at the rate measured so far (the
/// final round, written with the app stopped, is then about as small);</item>
/// <item>it did not shrink below <see cref="MustShrinkTo"/> of the one before (the app dirties as fast as the
/// rounds go: more would not shorten the pause);</item>
/// <item><see cref="MaxRounds"/> rounds were sent, or <see cref="MaxTime"/> has passed.</item>
/// </list>
/// An app the host cannot pre-copy (woven without write barriers) is refused at once, untouched, and a round the
/// host cannot write ends the pre-copy there: the move goes stop-and-copy (<see cref="Refusal"/>; the target drops
/// the rounds it got when it is adopted without them). Round files are written into the instance's own directory (the host's
/// sandbox may write there) and deleted once sent.
/// </summary>
public sealed class PreCopyRounds(LocalInstances instances, InstanceInfo instance, NodeApi.NodeApiClient target, string targetId, long epoch,
    ILogger log) : IDisposable
{
    public static readonly TimeSpan SmallEnough = TimeSpan.FromMilliseconds(5);
    public const double MustShrinkTo = 0.75;
    public const int MaxRounds = 10;
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(30);

    /// <summary>Writing a round of a large heap takes a while; a host that takes longer is hung.</summary>
    private static readonly TimeSpan s_writeTimeout = TimeSpan.FromMinutes(5);

    private readonly string _dir = Path.Combine(instances.Home.Instance(instance.Id).Dir, $"precopy-{Guid.NewGuid():N}");
    private bool _begun;
    private long _bytesSent;
    private TimeSpan _sending;

    /// <summary>The rounds sent, the base round first.</summary>
    public List<RoundReport> Sent { get; } = [];

    /// <summary>Why the app is not pre-copied after all (the host's refusal); null when the rounds converged.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Which stopping rule ended the rounds.</summary>
    public string? Ended { get; private set; }

    /// <summary>Send rounds until they converge; false (and <see cref="Refusal"/>) when the host refused to begin or to go on.</summary>
    /// <param name="progress">Bytes sent so far in this phase.</param>
    public async Task<bool> RunAsync(Action<long> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var begin = Write(ControlOps.PreCopyBegin);
        if (!begin.Ok) return FallBack(begin.Error);
        _begun = true;
        await SendAsync(begin, progress, cancel);
        FaultInjector.At(FaultPoint.AfterBaseRound);
        while ((Ended = StopReason(clock.Elapsed)) is null)
        {
            var round = Write(ControlOps.PreCopyRound);
            // The host gave up the pre-copy (and says why), the app untouched: the move goes on stop-and-copy.
            if (!round.Ok) return FallBack($"pre-copy round {Sent.Count}: {round.Error}");
            await SendAsync(round, progress, cancel);
        }
        log.LogInformation("Instance {Id}: {Rounds} pre-copy rounds, {Bytes} bytes sent; {Ended}", instance.Id, Sent.Count, _bytesSent, Ended);
        FaultInjector.At(FaultPoint.AfterRounds);
        return true;
    }

    private bool FallBack(string? why)
    {
        _begun = false;
        Ended = null;
        Refusal = why ?? "the host refused";
        log.LogInformation("Instance {Id} goes stop-and-copy: {Why}", instance.Id, Refusal);
        return false;
    }

    /// <summary>Why the rounds stop now, or null to write another.</summary>
    private string? StopReason(TimeSpan elapsed)
    {
        var last = Sent[^1];
        var rate = _bytesSent / Math.Max(_sending.TotalSeconds, 1e-6);
        var lastTakes = TimeSpan.FromSeconds(last.BytesSent / rate);
        if (lastTakes <= SmallEnough)
            return $"round {last.Round} ({last.BytesSent} bytes) sends in {lastTakes.TotalMilliseconds:0.##} ms at the measured {rate / 1e6:0.#} MB/s";
        if (Sent.Count >= 2 && last.BytesSent > MustShrinkTo * Sent[^2].BytesSent)
            return $"round {last.Round} ({last.BytesSent} bytes) did not shrink below {MustShrinkTo:P0} of the one before";
        if (Sent.Count >= MaxRounds) return $"{MaxRounds} rounds sent";
        if (elapsed >= MaxTime) return $"{MaxTime.TotalSeconds:0} s of rounds";
        return null;
    }

    /// <summary>The host writes the next round (or the base round) into this move's directory.</summary>
    private ControlResponse Write(string op)
    {
        var file = Path.Combine(_dir, Sent.Count.ToString("D6"), "round.ferry");
        return ControlClient.Send(instances.Home.Instance(instance.Id).ControlSocket, new ControlRequest { Op = op, Image = file }, s_writeTimeout);
    }

    /// <summary>A written round to the target's move staging (verified there as a bundle is), then gone from here.</summary>
    private async Task SendAsync(ControlResponse written, Action<long> progress, CancellationToken cancel)
    {
        var round = Sent.Count;
        var dir = Path.GetDirectoryName(written.Image!)!;
        var manifest = BundleManifest.Of(dir);
        var clock = Stopwatch.StartNew();
        var before = _bytesSent;
        using (var call = target.PutRound(cancellationToken: cancel))
        {
            var header = new RoundHeader { InstanceId = targetId, Epoch = epoch, Round = round, File = BundleSender.HeaderOf(manifest) };
            await call.RequestStream.WriteAsync(new RoundChunk { Header = header }, cancel);
            await BundleSender.SendFilesAsync(dir, manifest, data => call.RequestStream.WriteAsync(new RoundChunk { Data = data }, cancel),
                new Progress<long>(b => progress(before + b)), cancel);
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        }
        var sent = manifest.TotalBytes;
        _sending += clock.Elapsed;
        _bytesSent += sent;
        Sent.Add(new RoundReport(round, written.RawBytes ?? 0, sent, written.Changed ?? 0, written.PauseMs ?? 0, clock.Elapsed.TotalMilliseconds));
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>The move is given up before the final round: tracking off, the app runs on as it was.</summary>
    public void Abort()
    {
        if (!_begun) return;
        _begun = false;
        try
        {
            var reply = ControlClient.Send(instances.Home.Instance(instance.Id).ControlSocket, new ControlRequest { Op = ControlOps.PreCopyAbort }, TimeSpan.FromSeconds(30));
            if (!reply.Ok) log.LogWarning("Pre-copy of {Id} not aborted: {Error}", instance.Id, reply.Error);
        }
        catch (IOException e)
        {
            log.LogWarning("Pre-copy of {Id} not aborted: {Error}", instance.Id, e.Message);
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Disk space only: a move never fails for its own clean-up.
        }
    }
}
