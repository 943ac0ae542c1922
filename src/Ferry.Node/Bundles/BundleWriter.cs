using System.Security.Cryptography;

namespace Ferry.Node.Bundles;

/// <summary>Writes one incoming bundle's files in manifest order, checking lengths and hashes as they end.</summary>
public sealed class BundleWriter : IDisposable
{
    private readonly BundleManifest _manifest;
    private readonly string _staging;
    private readonly string _final;
    private int _entry = -1;
    private FileStream? _file;
    private IncrementalHash? _hash;
    private long _written;
    private bool _committed;

    internal BundleWriter(BundleManifest manifest, string staging, string final)
    {
        _manifest = manifest;
        _staging = staging;
        _final = final;
        Next();
    }

    /// <summary>Receive <paramref name="manifest"/> into <paramref name="final"/> (staged beside it, renamed in by <see cref="Commit"/>).</summary>
    public static BundleWriter Into(BundleManifest manifest, string final)
    {
        var staging = Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(staging);
        return new BundleWriter(manifest, staging, final);
    }

    public long BytesReceived { get; private set; }

    /// <summary>Bytes of entry <paramref name="entry"/>; entries must come in order.</summary>
    public void Write(int entry, ReadOnlySpan<byte> data)
    {
        while (_entry < entry && _entry < _manifest.Files.Count) EndEntry();
        if (entry != _entry || _file is null) throw new InvalidDataException($"bundle data for entry {entry} out of order (at {_entry})");
        var file = _manifest.Files[entry];
        if (_written + data.Length > file.Length) throw new InvalidDataException($"bundle file '{file.Path}' is longer than its manifest says");
        _file.Write(data);
        _hash!.AppendData(data);
        _written += data.Length;
        BytesReceived += data.Length;
    }

    /// <summary>Check the rest and rename the bundle in; returns false when the node already had it.</summary>
    public bool Commit()
    {
        while (_entry < _manifest.Files.Count) EndEntry();
        _committed = true;
        try
        {
            Directory.Move(_staging, _final);
            return true;
        }
        catch (IOException) when (Directory.Exists(_final))
        {
            // Received twice at once: the other copy is the same content.
            Directory.Delete(_staging, recursive: true);
            return false;
        }
    }

    public void Dispose()
    {
        _file?.Dispose();
        _hash?.Dispose();
        if (!_committed && Directory.Exists(_staging)) Directory.Delete(_staging, recursive: true);
    }

    private void EndEntry()
    {
        if (_file is not null)
        {
            var expected = _manifest.Files[_entry];
            _file.Dispose();
            _file = null;
            if (_written != expected.Length) throw new InvalidDataException($"bundle file '{expected.Path}' is {_written} bytes, its manifest says {expected.Length}");
            if (!CryptographicOperations.FixedTimeEquals(_hash!.GetHashAndReset(), expected.Sha256))
                throw new InvalidDataException($"bundle file '{expected.Path}' does not match its hash");
        }
        Next();
    }

    private void Next()
    {
        _entry++;
        _written = 0;
        if (_entry >= _manifest.Files.Count) return;
        var path = Path.Combine(_staging, _manifest.Files[_entry].Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        _hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }
}
