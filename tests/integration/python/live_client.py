"""A /live client written as python-socketio's documentation writes one (docs/API.md prints it).

Prints one JSON line per event it handles, for tests/integration/python-client.test.ts.
Usage: python3 live_client.py http://127.0.0.1:3000
"""
import json
import sys

import socketio

sio = socketio.Client()


@sio.on('snapshot', namespace='/live')
def on_snapshot(data):
    print(json.dumps({'event': 'snapshot', 'seq': data['seq'], 'count': data['summary']['signings']['count']}), flush=True)


@sio.on('signing:created', namespace='/live')
def on_signing_created(data):
    signing = data['signing']
    print(json.dumps({'event': 'signing:created', 'seq': data['seq'], 'id': signing['id'], 'amountCny': signing['amountCny']}), flush=True)


@sio.on('heartbeat', namespace='/live')
def on_heartbeat(data):
    print(json.dumps({'event': 'heartbeat', 'seq': data['seq']}), flush=True)


sio.connect(sys.argv[1], namespaces=['/live'], transports=['websocket'])
sio.wait()
