using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DicomWeb.Folder;

/// <summary>
/// The SQLite index of a folder: one row per instance (UIDs, file, attributes as DICOM JSON), one
/// row per text value of its top-level attributes (what QIDO matches on), and one row per file
/// seen (size and modification time, so that reopening reads only what changed). One connection,
/// used under a lock: the folder client is thread-safe and SQLite serializes writes anyway. Other
/// clients of the folder, in this process or others, share the file: write transactions are
/// IMMEDIATE, so the store can decide and rename under the one write lock they all take.
/// </summary>
internal sealed class FolderIndex : IDisposable
{
    private const int SchemaVersion = 2;
    private const int BusySeconds = 30;
    private readonly SqliteConnection _connection;
    private readonly object _lock = new();
    private SqliteTransaction? _transaction;

    public FolderIndex(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = BusySeconds }.ToString());
        try
        {
            _connection.Open();
            // Other clients of the folder (in this process or another) share the file: SQLite waits
            // for their write transactions in small steps rather than Microsoft.Data.Sqlite's 150 ms ones.
            Execute($"PRAGMA busy_timeout={BusySeconds * 1000}; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
            if ((long)Scalar("PRAGMA user_version")! != SchemaVersion)
                InTransaction(CreateSchema);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    private void CreateSchema()
    {
        // Checked again under the write lock: two clients opening a new folder at once create it once.
        if ((long)Scalar("PRAGMA user_version")! == SchemaVersion)
            return;
        // An index of another version is rebuilt from the files, which are the truth.
        Execute("DROP TABLE IF EXISTS attributes; DROP TABLE IF EXISTS instances; DROP TABLE IF EXISTS files;");
        Execute($"""
            CREATE TABLE files(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL, sop_uid TEXT, skipped TEXT);
            CREATE TABLE instances(sop_uid TEXT PRIMARY KEY, study_uid TEXT NOT NULL, series_uid TEXT NOT NULL, sop_class_uid TEXT NOT NULL,
                transfer_syntax TEXT NOT NULL, path TEXT NOT NULL, json BLOB NOT NULL);
            CREATE INDEX instances_study ON instances(study_uid);
            CREATE INDEX instances_series ON instances(series_uid);
            CREATE INDEX instances_path ON instances(path);
            CREATE TABLE attributes(sop_uid TEXT NOT NULL REFERENCES instances(sop_uid) ON DELETE CASCADE, tag INTEGER NOT NULL, value TEXT NOT NULL, folded TEXT NOT NULL);
            CREATE INDEX attributes_instance ON attributes(sop_uid, tag);
            CREATE INDEX attributes_value ON attributes(tag, folded);
            PRAGMA user_version={SchemaVersion};
            """);
    }

    public void Dispose()
    {
        lock (_lock)
            _connection.Dispose();
        SqliteConnection.ClearPool(_connection);
    }

    /// <summary>The files the index knows: path → (size, mtime).</summary>
    public Dictionary<string, (long Size, long Mtime)> Files()
    {
        lock (_lock)
        {
            using SqliteCommand command = Command("SELECT path, size, mtime FROM files");
            using SqliteDataReader reader = command.ExecuteReader();
            var files = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
            while (reader.Read())
                files[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            return files;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction (a batch of index changes).</summary>
    public void InTransaction(Action work) =>
        InTransaction(() =>
        {
            work();
            return true;
        });

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction: begun IMMEDIATE, so that it holds the
    /// index's write lock from its first statement and every client of the folder, in any process,
    /// waits for it. The store decides and renames files under this lock. Rolled back when
    /// <paramref name="work"/> or the commit throws.
    /// </summary>
    public T InTransaction<T>(Func<T> work)
    {
        lock (_lock)
        {
            if (_transaction is not null)
                return work();
            using SqliteTransaction transaction = _transaction = _connection.BeginTransaction(deferred: false);
            try
            {
                T result = work();
                transaction.Commit();
                return result;
            }
            finally
            {
                _transaction = null;
            }
        }
    }

    /// <summary>Forgets a file and the instance it held. Call inside <see cref="InTransaction"/> (or alone).</summary>
    public void ForgetFile(string path)
    {
        lock (_lock)
        {
            Execute("DELETE FROM instances WHERE path = $p", ("$p", path));
            Execute("DELETE FROM files WHERE path = $p", ("$p", path));
        }
    }

    /// <summary>Records a file that is not indexed as an instance, so that it is not read again until it changes.</summary>
    public void RecordSkipped(string path, long size, long mtime, string reason)
    {
        lock (_lock)
        {
            Execute("DELETE FROM instances WHERE path = $p", ("$p", path));
            Execute("INSERT OR REPLACE INTO files(path, size, mtime, sop_uid, skipped) VALUES($p, $s, $m, NULL, $r)", ("$p", path), ("$s", size), ("$m", mtime), ("$r", reason));
        }
    }

    /// <summary>The files recorded as skipped, and why.</summary>
    public IReadOnlyList<FolderSkippedFile> Skipped()
    {
        lock (_lock)
        {
            using SqliteCommand command = Command("SELECT path, skipped FROM files WHERE skipped IS NOT NULL ORDER BY path");
            using SqliteDataReader reader = command.ExecuteReader();
            var skipped = new List<FolderSkippedFile>();
            while (reader.Read())
                skipped.Add(new FolderSkippedFile(reader.GetString(0), reader.GetString(1)));
            return skipped;
        }
    }

    /// <summary>The file of an instance, when the index has it.</summary>
    public IndexedInstance? Find(string sopInstanceUid)
    {
        lock (_lock)
        {
            using SqliteCommand command = Command("SELECT i.study_uid, i.series_uid, i.sop_uid, i.sop_class_uid, i.transfer_syntax, i.path, f.size, f.mtime, i.json FROM instances i JOIN files f ON f.path = i.path WHERE i.sop_uid = $u", ("$u", sopInstanceUid));
            return ReadInstances(command).FirstOrDefault();
        }
    }

    /// <summary>The instances of a study, series or instance (null UIDs do not narrow), in the order they were indexed.</summary>
    public List<IndexedInstance> Instances(string study, string? series, string? sop)
    {
        lock (_lock)
        {
            using SqliteCommand command = Command("""
                SELECT i.study_uid, i.series_uid, i.sop_uid, i.sop_class_uid, i.transfer_syntax, i.path, f.size, f.mtime, i.json FROM instances i JOIN files f ON f.path = i.path
                WHERE i.study_uid = $st AND ($se IS NULL OR i.series_uid = $se) AND ($sop IS NULL OR i.sop_uid = $sop) ORDER BY i.rowid
                """, ("$st", study), ("$se", series), ("$sop", sop));
            return ReadInstances(command);
        }
    }

    private static List<IndexedInstance> ReadInstances(SqliteCommand command)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        var found = new List<IndexedInstance>();
        while (reader.Read())
            found.Add(new IndexedInstance(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt64(6), reader.GetInt64(7), (byte[])reader[8]));
        return found;
    }

    /// <summary>Adds or replaces an instance and its file.</summary>
    public void Put(IndexedInstance instance, IEnumerable<(uint Tag, string Value, string Folded)> attributes)
    {
        lock (_lock)
        {
            // Two statements, each on its own index: an OR of the two would scan the table for every file indexed.
            Execute("DELETE FROM instances WHERE sop_uid = $u", ("$u", instance.SopInstanceUid));
            Execute("DELETE FROM instances WHERE path = $p", ("$p", instance.File));
            Execute("INSERT OR REPLACE INTO files(path, size, mtime, sop_uid, skipped) VALUES($p, $s, $m, $u, NULL)",
                ("$p", instance.File), ("$s", instance.Size), ("$m", instance.ModifiedTicks), ("$u", instance.SopInstanceUid));
            Execute("INSERT INTO instances(sop_uid, study_uid, series_uid, sop_class_uid, transfer_syntax, path, json) VALUES($u, $st, $se, $c, $ts, $p, $j)",
                ("$u", instance.SopInstanceUid), ("$st", instance.StudyInstanceUid), ("$se", instance.SeriesInstanceUid), ("$c", instance.SopClassUid),
                ("$ts", instance.TransferSyntaxUid), ("$p", instance.File), ("$j", instance.AttributesJson));
            using SqliteCommand insert = Command("INSERT INTO attributes(sop_uid, tag, value, folded) VALUES($u, $t, $v, $f)", ("$u", instance.SopInstanceUid), ("$t", 0L), ("$v", ""), ("$f", ""));
            insert.Prepare();
            foreach ((uint tag, string value, string folded) in attributes)
            {
                insert.Parameters["$t"].Value = (long)tag;
                insert.Parameters["$v"].Value = value;
                insert.Parameters["$f"].Value = folded;
                insert.ExecuteNonQuery();
            }
        }
    }

    /// <summary>Removes instances by UID (their files are the caller's to delete).</summary>
    public void Remove(IEnumerable<IndexedInstance> instances)
    {
        InTransaction(() =>
        {
            foreach (IndexedInstance instance in instances)
            {
                Execute("DELETE FROM instances WHERE sop_uid = $u", ("$u", instance.SopInstanceUid));
                Execute("DELETE FROM files WHERE path = $p", ("$p", instance.File));
            }
        });
    }

    /// <summary>Runs a search built by <see cref="QidoSql"/>: rows of (the first matching instance's JSON, the key UIDs).</summary>
    public List<(byte[] Json, string Study, string Series, string Sop)> Search(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        lock (_lock)
        {
            using SqliteCommand command = Command(sql, [.. parameters]);
            using SqliteDataReader reader = command.ExecuteReader();
            var rows = new List<(byte[], string, string, string)>();
            while (reader.Read())
                rows.Add(((byte[])reader[0], reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            return rows;
        }
    }

    /// <summary>The computed study attributes: series and instance counts, and the modalities.</summary>
    public (int Series, int Instances, IReadOnlyList<string> Modalities) StudyCounts(string study)
    {
        lock (_lock)
        {
            using SqliteCommand count = Command("SELECT COUNT(DISTINCT series_uid), COUNT(*) FROM instances WHERE study_uid = $st", ("$st", study));
            using SqliteDataReader reader = count.ExecuteReader();
            reader.Read();
            (int series, int instances) = (reader.GetInt32(0), reader.GetInt32(1));
            reader.Close();
            // The study's instances first, then their Modality: by tag first the plan would visit every instance of the store.
            using SqliteCommand modalities = Command("""
                SELECT DISTINCT a.value FROM instances i JOIN attributes a INDEXED BY attributes_instance ON a.sop_uid = i.sop_uid AND a.tag = $t
                WHERE i.study_uid = $st ORDER BY a.value
                """, ("$st", study), ("$t", (long)DicomTags.Modality.Tag.Value));
            using SqliteDataReader values = modalities.ExecuteReader();
            var found = new List<string>();
            while (values.Read())
                found.Add(values.GetString(0));
            return (series, instances, found);
        }
    }

    /// <summary>The computed series attribute: its instance count.</summary>
    public int SeriesCount(string series)
    {
        lock (_lock)
            return Convert.ToInt32(Scalar("SELECT COUNT(*) FROM instances WHERE series_uid = $se", ("$se", series)), CultureInfo.InvariantCulture);
    }

    /// <summary>How many instances the index holds.</summary>
    public int Count()
    {
        lock (_lock)
            return Convert.ToInt32(Scalar("SELECT COUNT(*) FROM instances"), CultureInfo.InvariantCulture);
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach ((string name, object? value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        return command.ExecuteScalar();
    }
}
