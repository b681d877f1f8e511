// One run of dicomweb-client against a DICOMweb root: store, search, metadata, bulk data,
// retrieve and frames. The same code runs under Node (node.mjs) and in a page (page.html); what it
// saw is returned as plain JSON for the C# test to check.
const PixelData = '7FE00010';

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

function value(dataset, tag) {
  const element = dataset[tag];
  return element && element.Value ? element.Value[0] : undefined;
}

export async function exercise(DICOMwebClient, root, instances, patient) {
  const client = new DICOMwebClient({ url: root.replace(/\/$/, '') });
  const seen = {};

  const stored = await client.storeInstances({ datasets: instances });
  const storeResponse = typeof stored === 'string' ? JSON.parse(stored) : stored;
  seen.storedCount = (storeResponse['00081199'] && storeResponse['00081199'].Value || []).length;

  const studies = await client.searchForStudies({ queryParams: { PatientName: `${patient.slice(0, 6)}*` } });
  seen.studies = studies.length;
  const study = value(studies[0], '0020000D');
  seen.studyInstanceUID = study;
  seen.studyRetrieveURL = value(studies[0], '00081190');
  seen.studyInstances = value(studies[0], '00201208');

  const series = await client.searchForSeries({ studyInstanceUID: study });
  seen.series = series.map((s) => value(s, '0020000E')).sort();
  const instancesFound = await client.searchForInstances({ studyInstanceUID: study, queryParams: { limit: '10' } });
  seen.instances = instancesFound.map((i) => value(i, '00080018')).sort();

  const metadata = await client.retrieveStudyMetadata({ studyInstanceUID: study });
  seen.metadataCount = metadata.length;
  const multiframe = metadata.find((m) => value(m, '00280008') !== undefined && Number(value(m, '00280008')) > 1);
  const ids = {
    studyInstanceUID: study,
    seriesInstanceUID: value(multiframe, '0020000E'),
    sopInstanceUID: value(multiframe, '00080018'),
  };
  seen.multiframe = ids.sopInstanceUID;
  const bulkDataURI = multiframe[PixelData].BulkDataURI;
  seen.bulkDataURI = bulkDataURI;
  const bulk = await client.retrieveBulkData({ BulkDataURI: bulkDataURI });
  seen.bulkData = hex(bulk[0]);

  const instance = await client.retrieveInstance(ids);
  seen.instanceBytes = instance.byteLength;

  const frames = await client.retrieveInstanceFrames({ ...ids, frameNumbers: [3, 1] });
  seen.frames = frames.map(hex);
  return seen;
}
