using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Ferry.Abstractions;
using Ferry.Environments.Definition;
using Ferry.Environments.Storage;
using Ferry.Environments.View;
using Ferry.Runtime.Interception;

namespace Ferry.Bench.Interception;

/// <summary>
/// Plain: the framework call on the host path. Intercepted: the shim the weaver redirects the same call to,
/// with the view of a real environment in which <c>/data</c> is the host directory (merged mapping), so
/// every call resolves the inside path component by component as a running app's does.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FileIoBenchmarks
{
    private const int SmallFiles = 100;
    private const int SmallFileBytes = 1024;
    private const int LargeFileBytes = 64 * 1024 * 1024;

    private readonly byte[] _small = new byte[SmallFileBytes];
    private readonly byte[] _buffer = new byte[1024 * 1024];
    private string _root = "";
    private string _hostData = "";
    private EnvironmentView? _view;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("ferry-bench-interception-").FullName;
        _hostData = Path.Combine(_root, "data");
        Directory.CreateDirectory(_hostData);
        var large = new byte[LargeFileBytes];
        new Random(7).NextBytes(large);
        File.WriteAllBytes(Path.Combine(_hostData, "large.bin"), large);
        var store = new EnvironmentStore(new FerryHome(Path.Combine(_root, "home")));
        store.Create(new EnvironmentSpec
        {
            Name = "bench",
            Mappings = [Mapping.PathOf("/data", _hostData, PathMode.Merged)],
        });
        _view = EnvironmentView.Open(store.PathsOf("bench").Dir);
        EnvironmentViews.Current = _view;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _view?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("small files")]
    public long PlainSmallFiles() => SmallFileRound(_hostData, plain: true);

    [Benchmark, BenchmarkCategory("small files")]
    public long InterceptedSmallFiles() => SmallFileRound("/data", plain: false);

    [Benchmark(Baseline = true), BenchmarkCategory("large read")]
    public long PlainLargeRead()
    {
        using var stream = new FileStream(Path.Combine(_hostData, "large.bin"), FileMode.Open, FileAccess.Read, FileShare.Read);
        return Drain(stream);
    }

    [Benchmark, BenchmarkCategory("large read")]
    public long InterceptedLargeRead()
    {
        using var stream = FileStreamShims.Create("/data/large.bin", FileMode.Open, FileAccess.Read, FileShare.Read);
        return Drain(stream);
    }

    /// <summary>Create, write, close; open, read, close; delete — 100 small files.</summary>
    private long SmallFileRound(string dir, bool plain)
    {
        long total = 0;
        for (var i = 0; i < SmallFiles; i++)
        {
            var path = dir + "/f" + i;
            if (plain)
            {
                File.WriteAllBytes(path, _small);
                total += File.ReadAllBytes(path).Length;
                File.Delete(path);
            }
            else
            {
                FileShims.WriteAllBytes(path, _small);
                total += FileShims.ReadAllBytes(path).Length;
                FileShims.Delete(path);
            }
        }
        return total;
    }

    private long Drain(Stream stream)
    {
        long total = 0;
        int read;
        while ((read = stream.Read(_buffer)) > 0) total += read;
        return total;
    }
}
