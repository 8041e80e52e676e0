/**
 * A classifier and an Alibi anchor explainer of it. The explainer has no requirements: Seldon
 * places it on a server advertising `alibi-explain`, which only `mlserver` does here.
 * Reproduces Seldon's samples `samples/models/income.yaml` and `samples/models/income-explainer.yaml`.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { Model, Server, StorageUri } from '../src';

export class IncomeExplainerChart extends Chart {
  public readonly income: Model;
  public readonly explainer: Model;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    Server.fromName(this, 'mlserver', 'mlserver');
    Server.fromName(this, 'triton', 'triton');

    this.income = new Model(this, 'income', {
      storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/income-sklearn/classifier'),
      requirements: ['sklearn'],
    });

    this.explainer = new Model(this, 'income-explainer', {
      storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/income-sklearn/anchor-explainer'),
      explainer: { type: 'anchor_tabular', modelRef: this.income.name },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new IncomeExplainerChart(app, 'income-explainer');
  app.synth();
}
