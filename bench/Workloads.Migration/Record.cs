namespace HeapServer;

/// <summary>One object of the live heap: a name, tags and a data array, all made from (key, version).</summary>
public sealed class Record
{
    public Record(int key, int version)
    {
        Key = key;
        Version = version;
        Name = RecordRecipe.Name(key, version);
        Tags = [.. RecordRecipe.Tags(key, version)];
        Data = new int[RecordRecipe.DataLength(key)];
        for (var i = 0; i < Data.Length; i++) Data[i] = RecordRecipe.DataAt(key, version, i);
        Digest = RecordRecipe.Digest(key, version);
    }

    public int Key { get; }
    public int Version { get; }
    public string Name { get; }
    public List<string> Tags { get; }
    public int[] Data { get; }
    public long Digest { get; }

    /// <summary>True when every field still is what the recipe makes for (key, version): a restore kept it whole.</summary>
    public bool IsIntact()
    {
        if (Data.Length != RecordRecipe.DataLength(Key) || Name != RecordRecipe.Name(Key, Version)) return false;
        var tags = RecordRecipe.Tags(Key, Version);
        if (Tags.Count != tags.Length) return false;
        for (var i = 0; i < tags.Length; i++)
            if (Tags[i] != tags[i]) return false;
        long sum = 0;
        for (var i = 0; i < Data.Length; i++)
        {
            if (Data[i] != RecordRecipe.DataAt(Key, Version, i)) return false;
            sum += Data[i];
        }
        return Digest == sum + Name.Length + Version;
    }
}
