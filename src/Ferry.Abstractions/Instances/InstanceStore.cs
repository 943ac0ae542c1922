using Ferry.Abstractions.Processes;

namespace Ferry.Abstractions.Instances;

/// <summary>
/// The instances under a <see cref="FerryHome"/>: creating them (unique ids and names, under a lock
/// shared by every CLI), listing them as they really are (a recorded "running" whose host is gone is
/// reported as <see cref="InstanceState.Lost"/>) and finding them by id, unique id prefix or name.
/// </summary>
public sealed class InstanceStore(FerryHome home)
{
    /// <summary>How long a freshly created instance may wait for its host to report before it counts as lost.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromSeconds(10);

    public FerryHome Home => home;

    /// <summary>
    /// Make a new instance: a fresh id, <paramref name="requestedName"/> (which must be free) or a
    /// generated <c>stem-N</c>, its directory and its first record, written before this returns.
    /// </summary>
    public InstanceInfo Create(string? requestedName, string nameStem, Func<string, string, InstanceInfo> make)
    {
        if (requestedName is not null && InstanceName.Refusal(requestedName) is { } refusal) throw new InstanceLookupException(refusal);
        Directory.CreateDirectory(home.InstancesDir);
        using var _ = AcquireLock();
        var existing = ReadAll();
        var names = existing.ToDictionary(i => i.Name, i => i.Id, StringComparer.Ordinal);
        string name;
        if (requestedName is not null)
        {
            if (names.TryGetValue(requestedName, out var owner))
                throw new InstanceLookupException($"the name \"{requestedName}\" is already used by instance {owner} (remove it with ferry rm)");
            name = requestedName;
        }
        else
        {
            var n = 1;
            while (names.ContainsKey($"{nameStem}-{n}")) n++;
            name = $"{nameStem}-{n}";
        }
        string id;
        do id = InstanceId.New();
        while (Directory.Exists(home.Instance(id).Dir));

        var paths = home.Instance(id);
        Directory.CreateDirectory(paths.Dir);
        var info = make(id, name);
        if (info.Id != id || info.Name != name) throw new InvalidOperationException("the record must carry the id and name it was given");
        InstanceMetadataFile.Write(paths.Metadata, info);
        return info;
    }

    /// <summary>
    /// Take in an instance another node handed over: its record under its own id and name, and the output log it
    /// has so far (the host appends to it). A record of the same id that has ended here (it ran here before and
    /// moved away) is replaced; a live one, or another instance with the name, is refused.
    /// </summary>
    public void Adopt(InstanceInfo info, string? outputLog)
    {
        Directory.CreateDirectory(home.InstancesDir);
        using var _ = AcquireLock();
        var paths = home.Instance(info.Id);
        if (InstanceMetadataFile.TryRead(paths.Metadata) is { } here && !Observe(here).HasEnded)
            throw new InstanceLookupException($"instance {info.Id} already runs on this node");
        if (ReadAll().FirstOrDefault(i => i.Name == info.Name && i.Id != info.Id) is { } other)
            throw new InstanceLookupException($"the name \"{info.Name}\" is used here by instance {other.Id}");
        if (Directory.Exists(paths.Dir)) Directory.Delete(paths.Dir, recursive: true);
        Directory.CreateDirectory(paths.Dir);
        if (outputLog is not null) File.Copy(outputLog, paths.OutputLog);
        InstanceMetadataFile.Write(paths.Metadata, info);
    }

    /// <summary>Every instance, oldest first, as observed now.</summary>
    public IReadOnlyList<InstanceInfo> List() => ReadAll().Select(Observe).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToList();

    /// <summary>The instance with this id, as observed now, or null.</summary>
    public InstanceInfo? Find(string id) =>
        InstanceId.IsWellFormed(id) && InstanceMetadataFile.TryRead(home.Instance(id).Metadata) is { } info ? Observe(info) : null;

    /// <summary>Find an instance by full id, exact name, or unique id prefix (in that order).</summary>
    public InstanceInfo Resolve(string query)
    {
        if (Find(query) is { } byId) return byId;
        var all = ReadAll();
        var byName = all.FirstOrDefault(i => i.Name == query);
        if (byName is not null) return Observe(byName);
        if (InstanceId.IsHex(query))
        {
            var matches = all.Where(i => i.Id.StartsWith(query, StringComparison.Ordinal)).ToList();
            if (matches.Count == 1) return Observe(matches[0]);
            if (matches.Count > 1)
                throw new InstanceLookupException($"\"{query}\" matches {matches.Count} instances ({string.Join(", ", matches.Select(m => m.Id))}); give more of the id");
        }
        throw new InstanceLookupException($"no instance has the id or name \"{query}\"");
    }

    public void Save(InstanceInfo info) => InstanceMetadataFile.Write(home.Instance(info.Id).Metadata, info);

    public void Remove(string id)
    {
        var dir = home.Instance(id).Dir;
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    /// <summary>The record as it stands, with a dead host detected (the record itself is left as the host wrote it).</summary>
    public InstanceInfo Observe(InstanceInfo info)
    {
        if (RecordHolds(info)) return info;
        // The host may have recorded its end between our read and the liveness check: read again.
        var fresh = InstanceMetadataFile.TryRead(home.Instance(info.Id).Metadata) ?? info;
        if (RecordHolds(fresh)) return fresh;
        return fresh with
        {
            State = InstanceState.Lost,
            Error = fresh.Error ?? (fresh.Pid is null ? "its host never started" : $"its host (pid {fresh.Pid}) is gone without recording an end"),
        };
    }

    /// <summary>True when the record can be taken as it is: it is final, or its host still runs.</summary>
    private static bool RecordHolds(InstanceInfo info)
    {
        if (info.HasEnded) return true; // nothing to detect: the record is final
        if (info.Pid is int pid) return new ProcessIdentity(pid, info.PidStartTime ?? 0).IsAlive();
        return DateTimeOffset.UtcNow - info.CreatedAt < StartGrace;
    }

    private List<InstanceInfo> ReadAll()
    {
        if (!Directory.Exists(home.InstancesDir)) return [];
        var result = new List<InstanceInfo>();
        foreach (var dir in Directory.EnumerateDirectories(home.InstancesDir))
        {
            if (!InstanceId.IsWellFormed(Path.GetFileName(dir))) continue;
            if (InstanceMetadataFile.TryRead(Path.Combine(dir, "instance.json")) is { } info) result.Add(info);
        }
        return result;
    }

    private FileStream AcquireLock()
    {
        var deadline = DateTime.UtcNow + s_lockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix: one creator at a time across processes.
                return new FileStream(home.StoreLockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }
}
