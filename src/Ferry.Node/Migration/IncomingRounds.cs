using System.Runtime.InteropServices;
using Ferry.Abstractions.Instances;
using Ferry.Node.Bundles;

namespace Ferry.Node.Migration;

/// <summary>
/// The target's staging of a pre-copy move's rounds (<c>node/moves-in/ID-EPOCH/NNNNNN/FILE</c>): each round arrives
/// whole and verified (a <see cref="BundleWriter"/>), or not at all. The instance restores from them and the final
/// round; they go once it runs, or when the move is aborted.
/// </summary>
public sealed class IncomingRounds(string nodeDir)
{
    private string DirOf(string id, long epoch) =>
        Path.Combine(nodeDir, "moves-in", $"{(InstanceId.IsWellFormed(id) ? id : throw new InvalidDataException($"'{id}' is not an instance id"))}-{epoch}");

    /// <summary>The move's directory (created): a standby host sees it read-only, so its rounds and final image go here.</summary>
    public string DirFor(string id, long epoch) => Directory.CreateDirectory(DirOf(id, epoch)).FullName;

    /// <summary>
    /// <paramref name="image"/> put where a standby host's sandbox sees it (<c>final/</c>: not a round, its name is not
    /// six digits): hard-linked, so a whole image is not copied inside the pause; copied across file systems.
    /// </summary>
    public string PlaceFinal(string id, long epoch, string image)
    {
        var dir = Directory.CreateDirectory(Path.Combine(DirOf(id, epoch), "final")).FullName;
        var placed = Path.Combine(dir, Path.GetFileName(image));
        File.Delete(placed);
        if (link(image, placed) != 0) File.Copy(image, placed);
        return placed;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int link(string oldPath, string newPath);

    /// <summary>Begin receiving round <paramref name="round"/> of the move of <paramref name="id"/> at <paramref name="epoch"/>: one file.</summary>
    public BundleWriter Begin(string id, long epoch, int round, BundleManifest manifest)
    {
        if (round < 0) throw new InvalidDataException($"round {round} of {id}");
        if (manifest.Files.Count != 1) throw new InvalidDataException($"round {round} of {id} has {manifest.Files.Count} files, not one");
        var final = Path.Combine(DirOf(id, epoch), round.ToString("D6"));
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true); // sent again after a lost reply
        Directory.CreateDirectory(DirOf(id, epoch));
        return BundleWriter.Into(manifest, final);
    }

    /// <summary>The files of the rounds held for the move, in order (0, 1, …); a gap is an error.</summary>
    public IReadOnlyList<string> Files(string id, long epoch)
    {
        var dir = DirOf(id, epoch);
        if (!Directory.Exists(dir)) return [];
        var rounds = Directory.GetDirectories(dir).Select(Path.GetFileName).Where(n => n is { Length: 6 } && n.All(char.IsAsciiDigit)).Order(StringComparer.Ordinal).ToList();
        var files = new List<string>(rounds.Count);
        for (var round = 0; round < rounds.Count; round++)
        {
            if (rounds[round] != round.ToString("D6") || Directory.GetFiles(Path.Combine(dir, rounds[round]!)) is not [var file])
                throw new InvalidDataException($"round {round} of instance {id}'s move at epoch {epoch} is not here");
            files.Add(file);
        }
        return files;
    }

    /// <summary>Forget the move's rounds (it was aborted, or the instance runs from them now); with no epoch, those of every move of <paramref name="id"/>.</summary>
    public void Delete(string id, long? epoch = null)
    {
        try
        {
            var dirs = epoch is { } e ? [DirOf(id, e)] : Directory.Exists(Path.Combine(nodeDir, "moves-in"))
                ? Directory.GetDirectories(Path.Combine(nodeDir, "moves-in"), $"{(InstanceId.IsWellFormed(id) ? id : "-")}-*")
                : [];
            foreach (var dir in dirs.Where(Directory.Exists)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Disk space only: a move never fails for its own clean-up.
        }
    }
}
