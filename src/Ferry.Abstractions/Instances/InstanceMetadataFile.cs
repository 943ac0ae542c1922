using System.Text.Json;

namespace Ferry.Abstractions.Instances;

/// <summary>Reads and writes instance.json. Writes go to a temporary file and are renamed into place,
/// so a reader never sees half a record, even if the writer is killed.</summary>
public static class InstanceMetadataFile
{
    private static readonly JsonSerializerOptions s_indented = new(FerryJsonContext.Default.Options) { WriteIndented = true };
    private static readonly FerryJsonContext s_context = new(s_indented);

    public static InstanceInfo? TryRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, s_context.InstanceInfo);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    public static void Write(string path, InstanceInfo info)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(info, s_context.InstanceInfo));
        File.Move(temp, path, overwrite: true);
    }
}
