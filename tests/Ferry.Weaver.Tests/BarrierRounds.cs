using System.Reflection;
using Ferry.Images;
using Ferry.Images.Graph;
using Ferry.Runtime.Tracking;

namespace Ferry.Weaver.Tests;

/// <summary>
/// Pre-copy rounds of an app's state as <c>PreCopy</c> takes them: tracking on, a base round of the root, then
/// rounds of what <see cref="DirtyTracker"/> collected. <see cref="Finish"/> reads base + rounds back next to one
/// full write of the state as it is then: a write the barriers missed makes the two differ.
/// </summary>
internal sealed class BarrierRounds : IDisposable
{
    private readonly ObjectGraphSerializer _serializer;
    private readonly GraphSession _session;
    private readonly List<byte[]> _rounds = new();

    /// <summary>Turns tracking on and writes the base round of <paramref name="root"/> (the app may be running).</summary>
    public BarrierRounds(Assembly app, object? root)
    {
        _serializer = new ObjectGraphSerializer(new TypeAllowlist().AddAssembly(app));
        DirtyTracker.Start();
        _session = _serializer.BeginSession(t => t.Assembly == app);
        _rounds.Add(Round([], final: false, root));
    }

    /// <summary>A round of what was marked since the previous one; returns how many objects it had.</summary>
    public int Next(bool final = false)
    {
        var changed = DirtyTracker.TakeChanged();
        _rounds.Add(Round(changed, final, root: null));
        return changed.Length;
    }

    /// <summary>Base + rounds read back, one full write of <paramref name="root"/> read back, and whether a write went unattributed.</summary>
    public (object? Incremental, object? Full, bool Unknown) Finish(object? root)
    {
        bool unknown = DirtyTracker.UnknownWrites;
        var readers = _rounds.Select(b => ImageReader.Open(new MemoryStream(b))).ToList();
        var incremental = _serializer.ReadRounds(readers)["state"];
        readers.ForEach(r => r.Dispose());
        var full = new MemoryStream();
        using (var w = ImageWriter.Create(full, new ImageHeader(), new ImageWriterOptions(), leaveOpen: true))
        {
            _serializer.Write(w, ("state", root));
            w.Commit();
        }
        full.Position = 0;
        using var fullReader = ImageReader.Open(full);
        return (incremental, _serializer.Read(fullReader)["state"], unknown);
    }

    private byte[] Round(object[] changed, bool final, object? root)
    {
        var ms = new MemoryStream();
        using (var w = ImageWriter.Create(ms, new ImageHeader(), new ImageWriterOptions(), leaveOpen: true))
        {
            if (root is null) _session.WriteRound(w, changed, final);
            else _session.WriteRound(w, changed, final, ("state", root));
            w.Commit();
        }
        return ms.ToArray();
    }

    public void Dispose()
    {
        _session.Dispose();
        DirtyTracker.Stop();
    }
}
