import { formatIssue } from '../../../../scenarios/errors';
import { ImportError } from '../../../../scenarios/import/opendrive/import-issue';
import { readOpenDrive } from '../../../../scenarios/import/opendrive/read-opendrive';
import { fixtureText } from './od-fixtures';

function errorsOf(xml: string, file: string): string[] {
  try {
    readOpenDrive(xml, file);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    return err.issues.filter((i) => i.severity === 'error').map(formatIssue);
  }
  throw new Error(`${file} imported without errors`);
}

const ROAD = (body: string, extra = '') => `<?xml version="1.0"?>
<OpenDRIVE><header/>
  <road id="1" length="10" junction="-1">${extra}
    <planView><geometry s="0" x="0" y="0" hdg="0" length="10"><line/></geometry></planView>
    <lanes><laneSection s="0"><center><lane id="0" type="none"/></center>
      <right>${body}</right></laneSection></lanes>
  </road>
</OpenDRIVE>`;

describe('readOpenDrive errors', () => {
  it.each([
    ['bad/malformed.xodr', 'bad/malformed.xodr:7:15: error: malformed XML: unexpected close tag.'],
    ['bad/missing-length.xodr', "bad/missing-length.xodr:6:7: error: OpenDRIVE/road[id=1]/planView[0]/geometry[0]: <geometry> is missing the required attribute 'length'"],
    ['bad/unknown-geometry.xodr', 'bad/unknown-geometry.xodr:6:55: error: OpenDRIVE/road[id=1]/planView[0]/geometry[0]/clothoid[0]: unknown geometry type <clothoid> (supported: line, arc, spiral, poly3, paramPoly3)'],
    ['bad/unknown-road.xodr', "bad/unknown-road.xodr:5:11: error: OpenDRIVE/road[id=1]/link[0]/successor[0]: road '1' links to unknown road '42'"],
    ['bad/unknown-lane.xodr', "bad/unknown-lane.xodr:8:14: error: OpenDRIVE/road[id=1]/lanes[0]/laneSection[0]/right[0]/lane[id=-1]: links to lane -3, which road '2' does not have at its start"],
  ])('reports %s with file, line, column and element', (name, expected) => {
    expect(errorsOf(fixtureText(name), name)).toEqual([expected]);
  });

  it.each([
    ['not XML at all', 'hello', /^x\.xodr:1:\d+: error: malformed XML/],
    ['an empty document', '', /^x\.xodr:1:1: error: malformed XML/],
    ['a wrong root', '<OpenSCENARIO/>', /root element is <OpenSCENARIO>, expected <OpenDRIVE>/],
    ['a lane without width', ROAD('<lane id="-1" type="driving"/>'), /x\.xodr:6:14: .*lane -1 has neither <width> nor <border>/],
    ['a non-numeric width', ROAD('<lane id="-1" type="driving"><width sOffset="0" a="wide" b="0" c="0" d="0"/></lane>'), /<width> a='wide' is not a finite number/],
    ['a left lane among the right ones', ROAD('<lane id="2" type="driving"><width sOffset="0" a="3" b="0" c="0" d="0"/></lane>'), /lane id 2 does not belong in <right>/],
    ['a link to an unknown junction', ROAD('<lane id="-1" type="driving"><width sOffset="0" a="3" b="0" c="0" d="0"/></lane>', '<link><successor elementType="junction" elementId="9"/></link>'), /x\.xodr:3:48: .*links to unknown junction '9'/],
    ['a road link without contactPoint', ROAD('<lane id="-1" type="driving"><width sOffset="0" a="3" b="0" c="0" d="0"/></lane>', '<link><successor elementType="road" elementId="1"/></link>'), /missing the required attribute 'contactPoint'/],
  ])('rejects %s with a located message', (_what, xml, pattern) => {
    const errors = errorsOf(xml, 'x.xodr');
    expect(errors.some((e) => pattern.test(e))).toBe(true);
  });

  it('reports elements it does not model as warnings with their lines, grouped, and still imports', () => {
    const xml = ROAD('<lane id="-1" type="driving"><width sOffset="0" a="3" b="0" c="0" d="0"/><material sOffset="0" surface="asphalt"/></lane>', '<lateralProfile/><signals/><signals/><foo/>');
    const { network, warnings } = readOpenDrive(xml, 'x.xodr');
    expect(network.lanes.size).toBe(1);
    expect(warnings.map(formatIssue)).toEqual([
      'x.xodr:3:42: warning: OpenDRIVE/road[id=1]/lateralProfile[0]: <lateralProfile> ignored: superelevation and shape are not modelled; roads are flat',
      'x.xodr:3:59: warning: OpenDRIVE/road[id=1]/signals[0]: <signals> ignored: signals are not imported (2 elements; also at lines 3)',
      'x.xodr:3:79: warning: OpenDRIVE/road[id=1]/foo[0]: <foo> ignored: not supported by the importer',
      'x.xodr:6:87: warning: OpenDRIVE/road[id=1]/lanes[0]/laneSection[0]/right[0]/lane[id=-1]/material[0]: <material> ignored: lane material is not modelled',
    ]);
  });
});
