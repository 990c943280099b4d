# The seeds' pandas analysis: describe() and corr() of the input data.
import io

import pandas as pd

df = pd.read_csv(io.StringIO(input_data)) if isinstance(input_data, str) else pd.DataFrame(input_data)
summary = df.describe()
correlation = df.corr(numeric_only=True)
output = {"summary": summary.to_dict(), "correlation": correlation.to_dict()}
