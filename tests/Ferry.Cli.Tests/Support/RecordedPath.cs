using System.Reflection;

namespace Ferry.Tests.Support;

/// <summary>Where the build put an assembly this test project recorded (see RecordedPaths.targets).</summary>
public static class RecordedPath
{
    public static string Of(string assemblyName)
    {
        var key = $"path:{assemblyName}";
        var path = typeof(RecordedPath).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"{assemblyName} was not recorded by the build");
        if (!File.Exists(path)) throw new FileNotFoundException($"{assemblyName} is not built at {path}");
        return path;
    }
}
